namespace Withings.Sdk;

/// <summary>
/// Calendar arithmetic in a user's time zone, on unix seconds and epoch days (days since 1970-01-01), so that no
/// instant or day a notification can carry overflows <see cref="DateTime"/>.
/// </summary>
internal static class UserCalendar
{
    public const long SecondsPerDay = 86_400;

    // The widest offsets in use: UTC−12 (Baker Island) and UTC+14 (Kiritimati).
    private const long WestmostOffsetSeconds = 12 * 3_600;
    private const long EastmostOffsetSeconds = 14 * 3_600;

    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;
    private const long UnixEpochDayNumber = 719_162;

    // 0001-01-01 and 9999-12-31 as epoch days.
    private const long MinDay = -719_162;
    private const long MaxDay = 2_932_896;
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>The epoch day of <paramref name="day"/>, a date at midnight.</summary>
    public static long EpochDay(DateTime day) => (day.Ticks / TimeSpan.TicksPerDay) - UnixEpochDayNumber;

    /// <summary><c>ymd(t)</c>: the local day of an instant.</summary>
    public static long EpochDay(long unixSeconds, TimeZoneInfo timeZone) =>
        FloorDiv(unixSeconds + OffsetSeconds(unixSeconds, timeZone), SecondsPerDay);

    /// <summary>
    /// The days from <c>ymd(first)</c> to <c>ymd(last)</c>. In a known zone, the local days; when the zone is unknown
    /// (<see langword="null"/>), the range is widened to hold each instant's calendar day in every zone:
    /// <c>ymd_utc(first − 12 h)</c> to <c>ymd_utc(last + 14 h)</c>. Either way it is kept within years 1 to 9999, so
    /// that both ends stay <c>YYYY-MM-DD</c> dates (only the last second of 9999 east of UTC falls outside).
    /// </summary>
    public static (long First, long Last) DayRange(long first, long last, TimeZoneInfo? timeZone)
    {
        var (firstDay, lastDay) = timeZone is null
            ? (FloorDiv(first - WestmostOffsetSeconds, SecondsPerDay), FloorDiv(last + EastmostOffsetSeconds, SecondsPerDay))
            : (EpochDay(first, timeZone), EpochDay(last, timeZone));
        return (Math.Min(Math.Max(firstDay, MinDay), MaxDay), Math.Min(Math.Max(lastDay, MinDay), MaxDay));
    }

    /// <summary>
    /// <c>midnight(D)</c>: the first instant of a local day. When the clock skips midnight (a daylight-saving gap),
    /// the day starts when the gap ends; when midnight happens twice, at its first occurrence.
    /// </summary>
    public static long Midnight(long epochDay, TimeZoneInfo timeZone)
    {
        var local = epochDay * SecondsPerDay;
        if (IsUtc(timeZone))
        {
            return local;
        }

        if (local < MinUnixSeconds || local > MaxUnixSeconds)
        {
            return local - (long)timeZone.BaseUtcOffset.TotalSeconds;
        }

        var localTime = new DateTime(UnixEpochTicks + (local * TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
        if (timeZone.IsInvalidTime(localTime))
        {
            return EndOfGap(local, timeZone);
        }

        if (timeZone.IsAmbiguousTime(localTime))
        {
            var latest = TimeSpan.MinValue;
            foreach (var offset in timeZone.GetAmbiguousTimeOffsets(localTime))
            {
                latest = offset > latest ? offset : latest;
            }

            return local - (long)latest.TotalSeconds;
        }

        return local - (long)timeZone.GetUtcOffset(localTime).TotalSeconds;
    }

    /// <summary>A day as <c>YYYY-MM-DD</c>, whatever the culture.</summary>
    public static unsafe string FormatDay(long epochDay)
    {
        var (year, month, day) = CivilFromDays(epochDay);
        var buffer = stackalloc char[24];
        var length = 0;
        if (year < 0)
        {
            buffer[length++] = '-';
            year = -year;
        }

        var digits = year >= 10_000 ? CountDigits(year) : 4;
        for (var i = digits - 1; i >= 0; i--)
        {
            buffer[length + i] = (char)('0' + (year % 10));
            year /= 10;
        }

        length += digits;
        buffer[length++] = '-';
        buffer[length++] = (char)('0' + (month / 10));
        buffer[length++] = (char)('0' + (month % 10));
        buffer[length++] = '-';
        buffer[length++] = (char)('0' + (day / 10));
        buffer[length++] = (char)('0' + (day % 10));
        return new string(buffer, 0, length);
    }

    private static bool IsUtc(TimeZoneInfo timeZone) => ReferenceEquals(timeZone, TimeZoneInfo.Utc);

    private static long OffsetSeconds(long unixSeconds, TimeZoneInfo timeZone)
    {
        if (IsUtc(timeZone))
        {
            return 0;
        }

        var clamped = Math.Min(Math.Max(unixSeconds, MinUnixSeconds), MaxUnixSeconds);
        return (long)timeZone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(clamped)).TotalSeconds;
    }

    // The first instant whose local time is at or after the skipped local time: local time only moves forward
    // across a gap, so a binary search over the surrounding day finds it.
    private static long EndOfGap(long local, TimeZoneInfo timeZone)
    {
        var low = local - (2 * SecondsPerDay);
        var high = local + (2 * SecondsPerDay);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (middle + OffsetSeconds(middle, timeZone) >= local)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0) && ((value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private static int CountDigits(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    // Howard Hinnant's days_from_civil inverse: exact for any day, no DateTime range limit.
    private static (long Year, int Month, int Day) CivilFromDays(long epochDay)
    {
        var z = epochDay + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var dayOfEra = z - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1_460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var shiftedMonth = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * shiftedMonth) + 2) / 5) + 1);
        var month = (int)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        return ((yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0), month, day);
    }
}
