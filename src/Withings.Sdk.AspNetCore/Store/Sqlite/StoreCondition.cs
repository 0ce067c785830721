namespace Withings.Sdk.AspNetCore;

/// <summary>Whether the store's writer can commit: what the endpoint's 503s and the health check report.</summary>
internal enum StoreCondition
{
    /// <summary>The last commit that wrote to the file succeeded.</summary>
    Writable,

    /// <summary>The last commit failed because the file system is full (SQLite's <c>SQLITE_FULL</c>).</summary>
    DiskFull,

    /// <summary>The last commit failed for another reason: an I/O error, a read-only or locked file.</summary>
    Failing,
}
