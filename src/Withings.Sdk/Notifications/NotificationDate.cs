using System.Globalization;

namespace Withings.Sdk;

/// <summary>
/// A notification's <c>date</c>, which Withings sends either as a calendar day (<c>YYYY-MM-DD</c>) or as unix epoch
/// seconds. Both forms are kept as sent; <see cref="GetCalendarDay(TimeZoneInfo)"/> gives the day in a time zone.
/// </summary>
public readonly record struct NotificationDate
{
    private readonly DateTime _day;
    private readonly DateTimeOffset _instant;

    private NotificationDate(NotificationDateKind kind, DateTime day, DateTimeOffset instant)
    {
        Kind = kind;
        _day = day;
        _instant = instant;
    }

    /// <summary>Which form Withings used.</summary>
    public NotificationDateKind Kind { get; }

    /// <summary>The instant, when the date was sent as epoch seconds; otherwise <see langword="null"/>.</summary>
    public DateTimeOffset? Instant => Kind == NotificationDateKind.UnixTime ? _instant : null;

    /// <summary>Creates a calendar-day date.</summary>
    /// <param name="year">The year (1–9999).</param>
    /// <param name="month">The month (1–12).</param>
    /// <param name="day">The day of the month.</param>
    public static NotificationDate FromCalendarDay(int year, int month, int day) =>
        new(NotificationDateKind.CalendarDay, new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified), default);

    /// <summary>Creates an epoch-seconds date.</summary>
    /// <param name="instant">The instant Withings sent.</param>
    public static NotificationDate FromInstant(DateTimeOffset instant) =>
        new(NotificationDateKind.UnixTime, default, instant.ToUniversalTime());

    /// <summary>
    /// The calendar day this date denotes for a user in <paramref name="timeZone"/>: the day itself for a calendar
    /// date, the local day of the instant for an epoch date. The result has <see cref="DateTimeKind.Unspecified"/>
    /// and a zero time of day.
    /// </summary>
    /// <param name="timeZone">The user's time zone.</param>
    /// <returns>The calendar day at midnight, kind unspecified.</returns>
    public DateTime GetCalendarDay(TimeZoneInfo timeZone)
    {
        if (timeZone is null)
        {
            throw new ArgumentNullException(nameof(timeZone));
        }

        return Kind == NotificationDateKind.CalendarDay
            ? _day
            : DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(_instant, timeZone).Date, DateTimeKind.Unspecified);
    }

    /// <summary>The date as Withings wrote it: <c>YYYY-MM-DD</c> or epoch seconds.</summary>
    /// <returns>The wire form of the date.</returns>
    public override string ToString() => Kind == NotificationDateKind.CalendarDay
        ? _day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : _instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
