namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The store file's tables for users' state: time zones, cursors, encrypted token pairs, and the SDK's own Data
/// Protection key ring. Every statement is idempotent, so that a file made before the tables existed gets them too.
/// </summary>
internal static class StateSchema
{
    public static readonly IReadOnlyList<string> Statements =
    [
        "CREATE TABLE IF NOT EXISTS withings_time_zones (user_id INTEGER PRIMARY KEY, time_zone TEXT NOT NULL)",

        // synced_up_to: the cursor's UTC ticks, exact, so that a cursor read back equals the one given.
        "CREATE TABLE IF NOT EXISTS withings_cursors (user_id INTEGER NOT NULL, category INTEGER NOT NULL, synced_up_to INTEGER NOT NULL, PRIMARY KEY (user_id, category)) WITHOUT ROWID",

        // protected: the pair encrypted with ASP.NET Core Data Protection; nothing of it is stored in clear.
        "CREATE TABLE IF NOT EXISTS withings_token_pairs (user_id INTEGER PRIMARY KEY, protected BLOB NOT NULL)",

        // Used only when the application configured no key ring of its own.
        "CREATE TABLE IF NOT EXISTS withings_key_ring (id INTEGER PRIMARY KEY, friendly_name TEXT, xml TEXT NOT NULL)",
    ];
}
