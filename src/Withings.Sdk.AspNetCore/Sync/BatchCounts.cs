namespace Withings.Sdk.AspNetCore;

/// <summary>The counters of one round of a user.</summary>
internal sealed class BatchCounts
{
    private int _sent;
    private int _plannedLater;
    private int _deadLettered;

    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Requests planned once a user's zone was learned (the intraday windows of a day), after the batch plan.</summary>
    public int PlannedLater => Volatile.Read(ref _plannedLater);

    public void AddPlannedLater(int requests) => Interlocked.Add(ref _plannedLater, requests);

    public int DeadLetteredCount => Volatile.Read(ref _deadLettered);

    public void AddSent(int requests) => Interlocked.Add(ref _sent, requests);

    public void DeadLettered(int notifications = 1) => Interlocked.Add(ref _deadLettered, notifications);
}
