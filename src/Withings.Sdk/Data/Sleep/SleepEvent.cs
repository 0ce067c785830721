namespace Withings.Sdk;

/// <summary>A type of <see cref="SleepSummaryData.NightEvents"/> (Sleep v2 getsummary <c>night_events</c>).</summary>
/// <remarks>
/// The names follow Withings' Sleep v2 getsummary documentation. Withings adds values over time: any other number is kept as it came (cast it to and from
/// <see cref="int"/>), never an error and never a log line.
/// </remarks>
public enum SleepEvent
{
    /// <summary>1: got in bed.</summary>
    GotInBed = 1,

    /// <summary>2: fell asleep.</summary>
    FellAsleep = 2,

    /// <summary>3: woke up.</summary>
    WokeUp = 3,

    /// <summary>4: got out of bed.</summary>
    GotOutOfBed = 4,

    /// <summary>5: start of an asleep period that was entered manually.</summary>
    ManualAsleepStart = 5,

    /// <summary>6: start of an awake period that was entered manually.</summary>
    ManualAwakeStart = 6,
}
