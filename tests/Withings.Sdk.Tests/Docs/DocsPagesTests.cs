namespace Withings.Sdk.Tests.Docs;

/// <summary>
/// What the docs pages' offline examples print. That every <c>csharp</c> block of README.md and docs/*.md compiles as
/// pasted is checked by Withings.Sdk.Docs.Tests, which builds each block in a project of its own against the packed
/// packages; DocsSnippets keeps the offline ones here, to run them and check what the pages say they print.
/// </summary>
public sealed class DocsPagesTests
{
    [Test]
    [NonParallelizable]
    public void OfflineSnippets_Run_PrintWhatThePagesSay()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            DocsSnippets.Switch(new NotificationParser().Parse("userid=12345&appli=46&action=unlink"));
            DocsSnippets.Planning();
            DocsSnippets.Benchmarks();
        }
        finally
        {
            Console.SetOut(original);
        }

        // The pages promise these: the unlink case, a Paris activity day, and two weight windows coalesced into one.
        output.ToString().Should().Contain("user 12345 unlinked the app")
            .And.Contain("action=getactivity&startdateymd=2024-10-27")
            .And.Contain("WeightNotification: 1 request(s)")
            .And.Contain("batch: 1 request(s)");
    }
}
