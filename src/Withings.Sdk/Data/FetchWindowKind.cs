namespace Withings.Sdk;

/// <summary>How a request bounded the data it asked for in time (<see cref="FetchWindow"/>).</summary>
public enum FetchWindowKind
{
    /// <summary>Not at all (User v2 <c>link</c>, an ECG signal's Heart v2 <c>get</c>).</summary>
    None = 0,

    /// <summary>Instants: <c>startdate</c> and, unless open-ended, <c>enddate</c>.</summary>
    Instants = 1,

    /// <summary>Calendar days: <c>startdateymd</c> to <c>enddateymd</c>.</summary>
    Days = 2,

    /// <summary>
    /// What changed since an instant (<c>lastupdate</c>): the rows created or modified since, never a row deleted, so
    /// such a result can add and update what you keep, not prune it.
    /// </summary>
    ChangedSince = 3,
}
