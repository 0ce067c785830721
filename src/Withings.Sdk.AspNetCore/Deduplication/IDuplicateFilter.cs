namespace Withings.Sdk.AspNetCore;

/// <summary>Remembers which notifications were already handed over.</summary>
internal interface IDuplicateFilter
{
    /// <summary>Records the key; <see langword="false"/> when it was already recorded and has not expired.</summary>
    ValueTask<bool> TryReserveAsync(string key, CancellationToken cancellationToken);

    /// <summary>Forgets a reservation whose hand-over failed, so that Withings' retry is not taken for a duplicate.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
