using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>Paging that would never end stops with a typed error after the pages it read, instead of looping.</summary>
public sealed class PagingGuardTests
{
    private static readonly FetchRequest Summaries = new(Harness.UserId, "/v2/sleep", [new("action", "getsummary"), new("lastupdate", "1594000000")], false);

    [TestCase(1, 1)]
    [TestCase(5, 3)]
    public async Task ExecuteAsync_OffsetThatDoesNotAdvance_StopsWithATypedError(long first, long second)
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(Page(first)), WithingsReply.Json(Page(second)));

        var result = await harness.Data.ExecuteAsync(new FetchPlan([Summaries]), "explicit-access");

        harness.Api.Requests.Should().HaveCount(2, "the second page's offset goes nowhere new");
        result[0].Pages.Should().Be(2);
        var error = result[0].Error.Should().BeOfType<WithingsApiException>().Subject;
        error.Message.Should().Contain("offset does not advance");
        error.IsTransient.Should().BeFalse();
    }

    [Test]
    public async Task ExecuteAsync_MoreWithNoRows_StopsWithATypedError()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json("""{"status":0,"body":{"series":[],"more":true,"offset":10}}"""));

        var act = () => harness.Data.ExecuteAsync(Summaries, "explicit-access");

        (await act.Should().ThrowAsync<WithingsApiException>()).Which.Message.Should().Contain("no rows");
        harness.Api.Requests.Should().ContainSingle();
    }

    private static string Page(long offset) =>
        $$$"""{"status":0,"body":{"series":[{"id":{{{offset}}},"startdate":1594245600,"enddate":1594257200}],"more":true,"offset":{{{offset}}}}}""";
}
