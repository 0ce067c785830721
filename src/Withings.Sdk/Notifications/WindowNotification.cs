namespace Withings.Sdk;

/// <summary>
/// A notification whose new data lies in a time window (<c>startdate</c>..<c>enddate</c>). Either bound may be
/// missing: Withings omits them for some categories, and the planner then falls back to <c>lastupdate</c>.
/// </summary>
public abstract record WindowNotification : WithingsNotification
{
    /// <summary>The start of the window (<c>startdate</c>), when sent.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>The end of the window (<c>enddate</c>), when sent.</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>Whether both bounds are present.</summary>
    public bool HasWindow => StartDate.HasValue && EndDate.HasValue;
}
