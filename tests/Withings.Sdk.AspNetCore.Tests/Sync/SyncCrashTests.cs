using System.Globalization;
using Withings.Sdk.AspNetCore.Tests.Sync;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// The sync engine on the durable store (the default queue) in a real process, killed with SIGKILL while it is still
/// fetching and handling, then started again on the same file: no acknowledged notification's data stays unfetched.
/// </summary>
[NonParallelizable]
public sealed class SyncCrashTests : TemporaryStoreTest
{
    private const int Handlers = 4;

    [Test]
    public async Task Kill_MidStream_EveryAcknowledgedNotificationsDataIsFetchedAndHandledAfterRestart()
    {
        const int count = 600;

        // Past 100 handled notifications the child's data handlers hold until the kill: the kill always comes mid-stream.
        const int holdAfter = 100;
        await using var api = await SyncLookAlike.StartAsync();
        var ids = Enumerable.Range(1, count).Select(i => 3_000_000L + i).ToList();
        HashSet<long> acknowledged;
        long[] handledBeforeKill;
        await using (var first = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 50, handlers: Handlers, api: api.BaseAddress, holdAfter: holdAfter))
        {
            acknowledged = await CrashTests.PostAsync(first.Address, ids, concurrency: 32, stopAfter: null);
            await first.KillAsync();
            handledBeforeKill = [.. first.Handled];
        }

        acknowledged.Should().HaveCount(count, "the queue had room for every notification");
        var left = acknowledged.Except(handledBeforeKill).ToList();
        left.Should().HaveCountGreaterThanOrEqualTo(count - holdAfter, "the data handlers held past 100 notifications: the kill came mid-stream");

        await using var second = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 0, handlers: Handlers, api: api.BaseAddress);
        await second.WaitUntilHandledAsync(left, TimeSpan.FromMinutes(5));

        // Stopped cleanly, so that every line it printed (its log included) has been read.
        await second.StopAsync();

        // Handled means its user's data was fetched first; the look-alike confirms each user's getmeas arrived.
        var everHandled = handledBeforeKill.Concat(second.Handled).ToHashSet();
        acknowledged.Except(everHandled).Should().BeEmpty("every acknowledged notification is handled, before the kill or after the restart");
        var fetched = api.Calls.Where(c => c.Action == "getmeas").Select(c => c.BearerToken).ToHashSet();
        acknowledged.Where(id => !fetched.Contains(string.Create(CultureInfo.InvariantCulture, $"access-{id}"))).Should().BeEmpty("every acknowledged notification's data was fetched");
        second.Log.Should().Contain("opened (ProcessCrash)", "the restart found the rows the kill left unprocessed");
    }
}
