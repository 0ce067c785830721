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

        // 2 → 3: users' state, kept beside the queue so that it survives a restart as the queue does.
        new(
            "time zones, cursors, encrypted token pairs and the SDK's own Data Protection key ring",
            "CREATE TABLE withings_time_zones (user_id INTEGER PRIMARY KEY, time_zone TEXT NOT NULL)",

            // synced_up_to: the cursor's UTC ticks, exact, so that a cursor read back equals the one given.
            "CREATE TABLE withings_cursors (user_id INTEGER NOT NULL, category INTEGER NOT NULL, synced_up_to INTEGER NOT NULL, PRIMARY KEY (user_id, category)) WITHOUT ROWID",

            // protected: the pair encrypted with ASP.NET Core Data Protection; nothing of it is stored in clear.
            "CREATE TABLE withings_token_pairs (user_id INTEGER PRIMARY KEY, protected BLOB NOT NULL)",

            // Used only when the application configured no key ring of its own.
            "CREATE TABLE withings_key_ring (id INTEGER PRIMARY KEY, friendly_name TEXT, xml TEXT NOT NULL)"),

        // 3 → 4: backfill jobs (SqliteBackfillStore): one per user, its planned requests and how far it got.
        new(
            "backfill jobs and their progress",
            "CREATE TABLE withings_backfills (user_id INTEGER PRIMARY KEY, since INTEGER NOT NULL, until INTEGER NOT NULL, next INTEGER NOT NULL, failed INTEGER NOT NULL, total INTEGER NOT NULL, requests TEXT NOT NULL)"),
    ];

    /// <summary>The version this release writes: the number of steps.</summary>
    public static int Version => Steps.Count;
}
