using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Grouped commits: changes that wait together share one transaction, and each caller waits for it.</summary>
public sealed class ReceiverStoreTests : TemporaryStoreTest
{
    [Test]
    public async Task RunAsync_ManyChangesWaitingTogether_ShareOneCommitAndCompleteOnlyAfterIt()
    {
        await using var store = Open();
        using var writerBusy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // Holds the writer inside a transaction while the others queue up behind it.
        var blocker = store.RunAsync(_ =>
        {
            writerBusy.Set();
            release.Wait(TestTimeouts.Wait);
            return 0;
        });
        writerBusy.Wait(TestTimeouts.Wait).Should().BeTrue();
        var commitsBefore = store.Commits;
        var inserts = Enumerable.Range(0, 200)
            .Select(i => store.RunAsync(s => SqliteReceiverStore.Insert(s, 1530576000000, Payloads.Weight(i, 1530576000))))
            .ToList();

        inserts.Should().OnlyContain(t => !t.IsCompleted);
        release.Set();
        var ids = await Task.WhenAll(inserts).WaitAsync(TestTimeouts.Wait);
        await blocker;

        ids.Should().OnlyHaveUniqueItems();
        (store.Commits - commitsBefore).Should().BeInRange(1, 2, "the blocker's transaction and one for the 200 waiting inserts");
    }

    [Test]
    public async Task RunAsync_AfterReopening_SeesEveryCommittedChange()
    {
        await using (var store = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.RunAsync(s => SqliteReceiverStore.Insert(s, 1530576000000, Payloads.Weight(i, 1530576000)))));
        }

        await using var reopened = Open();
        reopened.TakeQueued().Select(r => r.Body).Should().Equal(Enumerable.Range(0, 50).Select(i => Payloads.Weight(i, 1530576000)));
        reopened.TakeQueued().Should().BeEmpty("the rows are handed out once, to the store");
    }

    private ReceiverStore Open() => new(
        Options.Create(new WithingsReceiverOptions { StorePath = StorePath }),
        TimeProvider.System,
        NullLogger<ReceiverStore>.Instance);
}
