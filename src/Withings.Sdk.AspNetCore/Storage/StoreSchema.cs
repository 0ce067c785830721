namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The store's schema as the list of steps that build it: step <c>i</c> (from 0) takes a file from version <c>i</c>
/// to <c>i + 1</c>, and a new file runs them all. The version a file is at is its <c>PRAGMA user_version</c>.
/// </summary>
/// <remarks>
/// A change to the schema is a new step appended at the end, never an edit of an earlier one: files already at the
/// earlier versions exist and upgrade in place, each step in a transaction of its own, when the store is opened. A
/// file whose version is higher than <see cref="Version"/> was written by a newer release and is refused untouched.
/// </remarks>
internal static class StoreSchema
{
    public static IReadOnlyList<StoreMigration> Steps { get; } =
    [
        // 0 → 1: the receiver's tables.
        new(
            "the queue, the duplicate keys and the dead letters",
            "CREATE TABLE withings_queue (id INTEGER PRIMARY KEY, received INTEGER NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE withings_duplicates (key TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID",

            // AUTOINCREMENT: an id printed by `deadletters list` never names another dead letter after a purge.
            "CREATE TABLE withings_dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, reason INTEGER NOT NULL, received INTEGER NOT NULL, dead_lettered INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL, body TEXT NOT NULL)"),

        // 1 → 2: the duplicate filter's sweep finds the oldest keys by expiry; without an index each sweep scanned and
        // sorted every key while the commits waited behind it. Version-1 files made after the index was introduced
        // (it was then created at every start) already have it.
        new(
            "an index of the duplicate keys by expiry",
            "CREATE INDEX IF NOT EXISTS withings_duplicates_expires ON withings_duplicates (expires)"),
    ];

    /// <summary>The version this release writes: the number of steps.</summary>
    public static int Version => Steps.Count;
}
