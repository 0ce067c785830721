using System.Globalization;

namespace Withings.Sdk;

/// <summary>
/// What one request asked Withings for in time, read from the fields it sent, so that a data handler knows which part
/// of what it keeps a complete result replaces (docs/sync.md, "Deleted data").
/// </summary>
public sealed record FetchWindow
{
    /// <summary>A request bounded by no time field.</summary>
    public static FetchWindow None { get; } = new();

    /// <summary>Which fields bound it; the other properties are set accordingly.</summary>
    public FetchWindowKind Kind { get; init; }

    /// <summary>
    /// <see cref="FetchWindowKind.Instants"/>: the <c>startdate</c>; <see cref="FetchWindowKind.ChangedSince"/>: the
    /// <c>lastupdate</c>; otherwise <see langword="null"/>.
    /// </summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary><see cref="FetchWindowKind.Instants"/>: the <c>enddate</c>, inclusive; <see langword="null"/> when open-ended or another kind.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary><see cref="FetchWindowKind.Days"/>: the <c>startdateymd</c>; otherwise <see langword="null"/>.</summary>
    public CalendarDay? FirstDay { get; init; }

    /// <summary><see cref="FetchWindowKind.Days"/>: the <c>enddateymd</c>, inclusive; otherwise <see langword="null"/>.</summary>
    public CalendarDay? LastDay { get; init; }

    /// <summary>The window of a request's form; <see cref="None"/> when no field bounds it or one does not read.</summary>
    internal static FetchWindow Of(FetchRequest request)
    {
        if (Day(request.GetField(WithingsServices.StartDateYmd)) is { } first && Day(request.GetField(WithingsServices.EndDateYmd)) is { } last)
        {
            return new FetchWindow { Kind = FetchWindowKind.Days, FirstDay = first, LastDay = last };
        }

        if (Instant(request.GetField(WithingsServices.StartDate)) is { } start)
        {
            return new FetchWindow { Kind = FetchWindowKind.Instants, Start = start, End = Instant(request.GetField(WithingsServices.EndDate)) };
        }

        return Instant(request.GetField(WithingsServices.LastUpdate)) is { } since
            ? new FetchWindow { Kind = FetchWindowKind.ChangedSince, Start = since }
            : None;
    }

    private static DateTimeOffset? Instant(string? seconds) =>
        long.TryParse(seconds, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value is >= -62_135_596_800 and <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(value)
            : null;

    private static CalendarDay? Day(string? text) =>
        CalendarDay.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
