namespace Withings.Sdk;

/// <summary>What the receiver does at start with a durable store it finds damaged.</summary>
public enum WithingsStoreRecovery
{
    /// <summary>
    /// Refuses to start, with an error naming the file, and changes nothing: the operator restores a copy, or moves
    /// the files aside, or chooses <see cref="StartEmpty"/> for one start. The default.
    /// </summary>
    Refuse = 0,

    /// <summary>
    /// Renames the damaged files (the store, its <c>-wal</c> and <c>-shm</c>) to <c>NAME.damaged-TIMESTAMP</c>,
    /// <c>NAME.damaged-TIMESTAMP-wal</c> and <c>NAME.damaged-TIMESTAMP-shm</c>, which SQLite's tools open together,
    /// logs a warning naming them, and starts with an empty store. What the damaged files held is not handled.
    /// Applies to a store of ours that fails SQLite's integrity check and to an empty store file beside a non-empty
    /// <c>-wal</c>; never to another application's file nor to a store written by a newer release.
    /// </summary>
    StartEmpty = 1,
}
