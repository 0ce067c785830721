using System.Globalization;
using Withings.Sdk.AspNetCore.Tests.Sync;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Backfill;

/// <summary>
/// A backfill in a real process on the durable store, killed with SIGKILL in the middle, then started again on the
/// same file: it goes on from the first request not handed over, and every planned request reaches Withings.
/// </summary>
[NonParallelizable]
public sealed class BackfillCrashTests : TemporaryStoreTest
{
    private const long Alice = 4_000_001;

    [Test]
    public async Task Kill_mid_backfill_resumes_after_restart_without_refetching_completed_requests_or_missing_any()
    {
        // The data handler holds from the fifth backfill request on, until the kill: four are handed over for sure.
        const int holdAfter = 4;
        await using var api = await SyncLookAlike.StartAsync();
        var since = DateTimeOffset.UtcNow.AddDays(-5).ToUnixTimeSeconds();
        int planned;
        string[] handedOverBeforeKill;
        await using (var first = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 0, handlers: 1, api.BaseAddress, holdAfter, "--backfill"))
        {
            var answer = await first.CommandAsync(string.Create(CultureInfo.InvariantCulture, $"backfill {Alice} {since}"), "backfill ");
            planned = int.Parse(answer.Split(' ')[3], CultureInfo.InvariantCulture);

            // The fifth request reached Withings: the fourth's progress was recorded before it was sent.
            await first.WaitForOutputAsync(_ => AliceCalls(api).Count >= holdAfter + 1, "the fifth backfill request");
            await first.KillAsync();
            handedOverBeforeKill = [.. Backfilled(first.Output)];
        }

        planned.Should().BeGreaterThan(holdAfter + 2, "the kill comes mid-backfill");
        handedOverBeforeKill.Should().HaveCount(holdAfter);
        var sentBeforeKill = AliceCalls(api);
        sentBeforeKill.Should().HaveCount(holdAfter + 1);

        // Started again without asking: the store's unfinished backfill goes on.
        await using var second = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 0, handlers: 1, api.BaseAddress, holdAfter: null, "--backfill");
        await second.WaitForOutputAsync(lines => lines.Any(l => l.StartsWith("backfill-finished ", StringComparison.Ordinal)), "the backfill finished");
        await second.StopAsync();

        var finished = second.Output.Single(l => l.StartsWith("backfill-finished ", StringComparison.Ordinal));
        finished.Should().Be(string.Create(CultureInfo.InvariantCulture, $"backfill-finished {Alice} {planned} 0"));
        var sent = AliceCalls(api);
        sent.Distinct().Should().HaveCount(planned, "every planned request reached Withings");
        sent.Skip(holdAfter + 1).Should().NotIntersectWith(sentBeforeKill.Take(holdAfter), "the requests handed over before the kill were not sent again");
        sent.Should().HaveCount(planned + 1, "only the request in hand at the kill was sent twice");
        sent[holdAfter + 1].Should().Be(sentBeforeKill[holdAfter], "the restart goes on with the request in hand at the kill");
        Backfilled(second.Output).Should().Equal(sent.Skip(holdAfter + 1), "each request after the restart was handed over once, in order");
        Backfilled(second.Output).Should().NotIntersectWith(handedOverBeforeKill);
    }

    // What the look-alike was asked for the user, in order: path, action and the window's start.
    private static List<string> AliceCalls(SyncLookAlike api) =>
        [.. api.Calls.Where(c => c.BearerToken == "access-" + Alice).Select(c => $"{c.Path} {c.Action} {c.Field("startdate") ?? c.Field("startdateymd")}")];

    private static IEnumerable<string> Backfilled(IReadOnlyList<string> output) =>
        output.Where(l => l.StartsWith("backfilled ", StringComparison.Ordinal)).Select(l => l["backfilled 4000001 ".Length..]);
}
