namespace Withings.Sdk.Benchmarks.Parsing;

/// <summary>
/// The small class a user writes when they parse the body themselves: the four fields of Withings' documented example, as raw
/// numbers. It keeps no unknown field and checks nothing, so the baselines built on it do less work than the SDK.
/// </summary>
public sealed class HandWrittenNotification
{
    /// <summary>The <c>appli</c> field.</summary>
    public int Appli { get; set; }

    /// <summary>The <c>userid</c> field.</summary>
    public long UserId { get; set; }

    /// <summary>The <c>startdate</c> field, unix seconds.</summary>
    public long? StartDate { get; set; }

    /// <summary>The <c>enddate</c> field, unix seconds.</summary>
    public long? EndDate { get; set; }
}
