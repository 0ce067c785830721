namespace Withings.Sdk;

/// <summary>The <c>state</c> of a <see cref="SleepSegment"/> (Sleep v2 get).</summary>
/// <remarks>
/// The names follow Withings' Sleep v2 get documentation. Withings adds values over time: any other number is kept as it came (cast it to and from
/// <see cref="int"/>), never an error and never a log line.
/// </remarks>
public enum SleepState
{
    /// <summary>0: awake.</summary>
    Awake = 0,

    /// <summary>1: light sleep.</summary>
    Light = 1,

    /// <summary>2: deep sleep.</summary>
    Deep = 2,

    /// <summary>3: REM sleep.</summary>
    Rem = 3,

    /// <summary>4: sleep entered manually.</summary>
    Manual = 4,
}
