namespace Withings.Sdk;

/// <summary>The atrial fibrillation classification of an ECG (<c>afib</c> of Heart v2 list).</summary>
/// <remarks>
/// The names follow Withings' Heart v2 list documentation. Withings adds values over time: any other number is kept as it came (cast it to and from
/// <see cref="int"/>), never an error and never a log line.
/// </remarks>
public enum EcgClassification
{
    /// <summary>0: negative.</summary>
    Negative = 0,

    /// <summary>1: positive.</summary>
    Positive = 1,

    /// <summary>2: inconclusive.</summary>
    Inconclusive = 2,
}
