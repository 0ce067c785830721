namespace Withings.Sdk.Sample;

internal static class Help
{
    public static int Print(TextWriter stdout)
    {
        stdout.WriteLine("""
            Withings.Sdk sample: every command prints one JSON object per line.

              (no command)        offline demo
              parse [BODY]        parse notification bodies (one per stdin line without BODY)
                                  e.g. parse 'userid=12345&appli=1&startdate=1530576000&enddate=1530698753'
              plan [BODY] [--now EPOCH] [--since EPOCH] [--tz IANA] [--batch]
                                  the follow-up Withings requests for each body
                                  e.g. echo 'userid=12345&appli=44&startdate=1709336580&enddate=1709368500' | plan
            """);
        return 0;
    }
}
