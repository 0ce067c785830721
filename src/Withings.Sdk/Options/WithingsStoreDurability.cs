namespace Withings.Sdk;

/// <summary>What a notification acknowledged to Withings survives in the receiver's durable store.</summary>
public enum WithingsStoreDurability
{
    /// <summary>
    /// A crash or <c>kill -9</c> of the process: each commit reaches the operating system before Withings gets its
    /// <c>200</c> (SQLite's WAL with <c>synchronous=NORMAL</c>). A power loss may undo the last commits.
    /// </summary>
    ProcessCrash = 1,

    /// <summary>
    /// Also a power loss or an operating-system crash: each commit is flushed to the disk before Withings gets its
    /// <c>200</c> (SQLite's WAL with <c>synchronous=FULL</c>). Slower by the disk's flush time per grouped commit.
    /// </summary>
    PowerLoss = 2,
}
