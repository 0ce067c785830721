namespace Withings.Sdk.AspNetCore;

/// <summary>What the store held when it was opened, read once before its writer starts.</summary>
/// <param name="Queued">Acknowledged notifications not yet processed, oldest first.</param>
/// <param name="Keys">The duplicate filter's unexpired keys with their expiry (Unix milliseconds), oldest first.</param>
/// <param name="DeadLetterCount">How many dead letters are stored.</param>
/// <param name="DeadLetterBytes">The UTF-8 size of their bodies.</param>
internal sealed record StoreSnapshot(IReadOnlyList<StoredRow> Queued, IReadOnlyList<(string Key, long Expires)> Keys, int DeadLetterCount, long DeadLetterBytes);
