namespace Withings.Sdk;

/// <summary>How a planned request bounds its data in time.</summary>
internal enum RequestWindowKind : byte
{
    /// <summary>Not at all (User v2 - Link), or unknown (a request built by the caller).</summary>
    None = 0,

    /// <summary><c>startdate</c>/<c>enddate</c> in unix seconds; <c>enddate</c> may be absent (open end).</summary>
    Instants = 1,

    /// <summary><c>startdateymd</c>/<c>enddateymd</c> calendar days.</summary>
    Days = 2,

    /// <summary><c>lastupdate</c>: everything changed since an instant.</summary>
    LastUpdate = 3,
}
