namespace Withings.Sdk;

/// <summary>Why a part of a notification's window was left out of its plan.</summary>
public enum OmittedWindowKind
{
    /// <summary>
    /// The part before the window's most recent <see cref="WithingsPlanningOptions.MaxSplitWindow"/>: planning it would
    /// take one request per 24 hours, so it waits for a deliberate backfill.
    /// </summary>
    OlderThanMaxSplitWindow = 1,

    /// <summary>The part after now: Withings cannot hold data there yet.</summary>
    AfterNow = 2,

    /// <summary>
    /// For a notification without a window, the part between the sync cursor and now minus
    /// <see cref="WithingsPlanningOptions.Lookback"/>: the 24-hour services plan only the most recent lookback, so that
    /// a stale cursor cannot turn one notification into a request per day since; it waits for a deliberate backfill.
    /// </summary>
    OlderThanLookback = 3,
}
