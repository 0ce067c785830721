namespace Withings.Sdk;

/// <summary>
/// One receiver store's state: what the queue-depth gauge (<see cref="Waiting"/>) and the health check read. The
/// receiver's limits count <see cref="Held"/> and <see cref="HeldBytes"/>.
/// </summary>
/// <param name="Backend">Which store: <c>sqlite</c> (the default), <c>memory</c> or <c>redis</c>.</param>
/// <param name="IsDurable">Whether what it holds survives the process (the SQLite file and Redis do, memory does not).</param>
/// <param name="Location">Where: the SQLite file's path, the Redis key prefix; <see langword="null"/> in memory.</param>
/// <param name="Condition">Whether it works.</param>
/// <param name="Reason">Why it is not healthy, in words; <see langword="null"/> when it is.</param>
/// <param name="Waiting">Notifications accepted and not handed out yet; for a shared store (Redis), in all instances.</param>
/// <param name="Held">Notifications accepted and not completed or dead-lettered: waiting, being handled or waiting for a retry.</param>
/// <param name="HeldBytes">The body bytes of <paramref name="Held"/>.</param>
/// <param name="OldestAge">How long ago the oldest held notification was received; <see langword="null"/> when none is held or it is not known.</param>
public sealed record WithingsStoreStatus(
    string Backend,
    bool IsDurable,
    string? Location,
    WithingsStoreCondition Condition,
    string? Reason,
    int Waiting,
    int Held,
    long HeldBytes,
    TimeSpan? OldestAge);
