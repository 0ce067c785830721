using System.Collections.Concurrent;
using System.Diagnostics;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>What the data handler, the profile callback and the batch listener were given, across scopes.</summary>
internal sealed class SyncRecorder
{
    public ConcurrentQueue<WithingsUserData> Data { get; } = new();

    public ConcurrentQueue<UserProfileNotification> Profiles { get; } = new();

    public ConcurrentQueue<WithingsSyncBatch> Batches { get; } = new();

    /// <summary>Throws instead of handling while it returns true for the user (the attempt number is counted per user).</summary>
    public Func<long?, int, bool> ThrowFor { get; set; } = (_, _) => false;

    public ConcurrentDictionary<long, int> Attempts { get; } = new();

    /// <summary>Awaited before recording each call, for the user.</summary>
    public Func<long?, Task> Before { get; set; } = _ => Task.CompletedTask;

    public int Notifications => Batches.Sum(b => b.Notifications);

    /// <summary>Waits until the data handler was given <paramref name="count"/> users' data.</summary>
    public Task WaitForDataAsync(int count) => WaitForAsync(() => Data.Count, count, "users' data handed over");

    /// <summary>Waits until the listener was told of <paramref name="count"/> batches, each settled.</summary>
    public Task WaitForBatchesAsync(int count) => WaitForAsync(() => Batches.Count, count, "batches settled");

    /// <summary>Waits until the listener was told of <paramref name="count"/> notifications.</summary>
    public Task WaitForNotificationsAsync(int count) => WaitForAsync(() => Notifications, count, "notifications handed over");

    /// <summary>
    /// The waits' one hang guard, on progress rather than on the whole: it gives up when the count did not move for
    /// 2 minutes, however long the whole takes (a seeded day is hundreds of rounds, and a machine loaded many times
    /// over its cores runs them many times slower).
    /// </summary>
    private static async Task WaitForAsync(Func<int> progress, int count, string what)
    {
        var stall = TimeSpan.FromMinutes(2);
        var seen = -1;
        var since = Stopwatch.GetTimestamp();
        while (progress() is var now && now < count)
        {
            if (now != seen)
            {
                seen = now;
                since = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(since) > stall)
            {
                throw new TimeoutException($"{now} of {count} {what}, and none for {stall.TotalMinutes} minutes.");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>The data handler of the tests: records, or throws when told to.</summary>
internal sealed class RecordingDataHandler(SyncRecorder recorder) : IWithingsDataHandler
{
    public async Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
    {
        await recorder.Before(data.UserId);
        var attempt = recorder.Attempts.AddOrUpdate(data.UserId ?? -1, 1, (_, n) => n + 1);
        if (recorder.ThrowFor(data.UserId, attempt))
        {
            throw new InvalidOperationException("the test's handler failed");
        }

        recorder.Data.Enqueue(data);
    }
}

internal sealed class RecordingProfileHandler(SyncRecorder recorder) : IWithingsProfileActionHandler
{
    public Task HandleAsync(UserProfileNotification notification, CancellationToken cancellationToken)
    {
        recorder.Profiles.Enqueue(notification);
        return Task.CompletedTask;
    }
}

internal sealed class RecordingListener(SyncRecorder recorder) : IWithingsSyncListener
{
    public Task OnBatchSyncedAsync(WithingsSyncBatch batch, CancellationToken cancellationToken)
    {
        recorder.Batches.Enqueue(batch);
        return Task.CompletedTask;
    }
}
