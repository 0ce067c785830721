using System.Text;

namespace Withings.Sdk.Benchmarks.Parsing;

/// <summary>The bodies the parse benchmarks read, as text and as the UTF-8 bytes a web server hands over.</summary>
public static class SampleBodies
{
    /// <summary>The payload example of Withings' notification documentation (docs/withings-api.md), joined with '&amp;'.</summary>
    public const string Typical = "foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753";

    /// <summary>
    /// <see cref="Typical"/> followed by 20 fields the SDK does not model (tracing, partner and proxy noise), so that
    /// unknown-field handling dominates; three are encoded to make every decoder do some work.
    /// </summary>
    public static readonly string Wide = Typical + string.Concat(Enumerable.Range(1, 20).Select(UnknownField));

    /// <summary>The body of <paramref name="shape"/> as text.</summary>
    /// <param name="shape">Which body.</param>
    /// <returns>The form body.</returns>
    public static string Text(BodyShape shape) => shape == BodyShape.Wide ? Wide : Typical;

    /// <summary>The body of <paramref name="shape"/> as UTF-8 bytes.</summary>
    /// <param name="shape">Which body.</param>
    /// <returns>The form body.</returns>
    public static byte[] Utf8(BodyShape shape) => Encoding.UTF8.GetBytes(Text(shape));

    private static string UnknownField(int index) => index switch
    {
        5 => "&x_comment=synced+from+app",
        10 => "&x_origin=https%3A%2F%2Fexample.org%2Fhook",
        15 => "&x_note=caf%C3%A9%20au%20lait",
        _ => FormattableString.Invariant($"&x_field{index:00}=value{index * 7919:000000}"),
    };
}
