using System.Globalization;

namespace Withings.Sdk;

/// <summary>
/// A part of a window that a plan leaves out for one of the two services Withings answers only 24 hours at a time
/// (Sleep v2 - Get, Measure v2 - Getintradayactivity), and why (<see cref="Kind"/>). Nothing is lost silently: fetch it
/// deliberately, at your own pace, with <see cref="EnumerateRequests"/>.
/// </summary>
/// <remarks>Instants are whole seconds; <see cref="Start"/> and <see cref="End"/> touch the planned windows, as the planned windows touch each other.</remarks>
public sealed record OmittedWindow
{
    private readonly string? _dataFields;
    private readonly TimeSpan _bound;

    // bound: the setting that cut the window off (MaxSplitWindow, or Lookback for OlderThanLookback), for the reason.
    internal OmittedWindow(long? userId, string path, string action, string? dataFields, long start, long end, OmittedWindowKind kind, TimeSpan bound)
    {
        UserId = userId;
        Path = path;
        Action = action;
        _dataFields = dataFields;
        _bound = bound;
        StartSeconds = start;
        EndSeconds = end;
        Kind = kind;
        RequestCount = FetchPlanner.WindowCount(start, end);
        Reason = kind switch
        {
            OmittedWindowKind.AfterNow => "after now: Withings cannot hold data there yet; plan it again once that time has passed",
            OmittedWindowKind.OlderThanLookback => "between the sync cursor and the most recent Withings:Planning:Lookback ("
                + bound.ToString("c", CultureInfo.InvariantCulture)
                + ") of a notification without a window: " + RequestCount.ToString(CultureInfo.InvariantCulture)
                + " requests of 24 hours left out; fetch them deliberately if you need them",
            _ => "older than the window's most recent Withings:Planning:MaxSplitWindow ("
                + bound.ToString("c", CultureInfo.InvariantCulture)
                + "): " + RequestCount.ToString(CultureInfo.InvariantCulture)
                + " requests of 24 hours left out; fetch them deliberately if you need them",
        };
    }

    /// <summary>The user whose data it is.</summary>
    public long? UserId { get; }

    /// <summary>The service path, <c>/v2/sleep</c> or <c>/v2/measure</c>.</summary>
    public string Path { get; }

    /// <summary>The service action, <c>get</c> (sleep) or <c>getintradayactivity</c>.</summary>
    public string Action { get; }

    /// <summary>The first instant left out.</summary>
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds(StartSeconds);

    /// <summary>The last instant left out.</summary>
    public DateTimeOffset End => DateTimeOffset.FromUnixTimeSeconds(EndSeconds);

    /// <summary>Why it was left out.</summary>
    public OmittedWindowKind Kind { get; }

    /// <summary>Why it was left out, in words (no user data in it).</summary>
    public string Reason { get; }

    /// <summary>How many requests <see cref="EnumerateRequests"/> yields: one per 24 hours, at least one.</summary>
    public long RequestCount { get; }

    internal long StartSeconds { get; }

    internal long EndSeconds { get; }

    internal string? DataFields => _dataFields;

    /// <summary>
    /// The requests that fetch this window, 24 hours each, oldest first, with the same form fields as the planned ones.
    /// They are made one at a time as you enumerate, so a window of years costs no memory up front.
    /// </summary>
    /// <returns>The requests, lazily.</returns>
    public IEnumerable<FetchRequest> EnumerateRequests()
    {
        var start = StartSeconds;
        do
        {
            var end = Math.Min(EndSeconds, start + WithingsServices.MaxWindowSeconds);
            yield return FetchPlanner.DailyWindowRequest(UserId, Path, Action, start, end, _dataFields);
            start = end;
        }
        while (start < EndSeconds);
    }

    /// <summary>The service, the window and the reason, on one line.</summary>
    /// <returns>For example <c>omitted /v2/sleep get 1970-01-01T00:00:00Z..2024-01-31T00:00:00Z (user 1): older than …</c>.</returns>
    public override string ToString() =>
        "omitted " + Path + " " + Action + " "
        + Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + ".."
        + End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        + (UserId is { } user ? " (user " + user.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty)
        + ": " + Reason;

    internal OmittedWindow WithBounds(long start, long end) =>
        start == StartSeconds && end == EndSeconds ? this : new(UserId, Path, Action, _dataFields, start, end, Kind, _bound);
}
