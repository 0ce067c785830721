namespace Withings.Sdk;

/// <summary>The strict number and date forms of notification fields, read from UTF-8 without allocating.</summary>
internal static class WireFormat
{
    // DateTimeOffset.MaxValue in unix seconds: anything later cannot be represented.
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>Reads ASCII digits only (no sign, no spaces) up to <see cref="int.MaxValue"/>.</summary>
    public static bool TryParseInt(ReadOnlySpan<byte> text, out int value)
    {
        var ok = TryParseDigits(text, int.MaxValue, out long wide);
        value = (int)wide;
        return ok;
    }

    /// <summary>Reads ASCII digits only (no sign, no spaces) up to <paramref name="max"/>.</summary>
    public static bool TryParseDigits(ReadOnlySpan<byte> text, long max, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        // Eighteen digits cannot overflow a long: check the bound once at the end instead of at every digit.
        if (text.Length <= 18)
        {
            long number = 0;
            foreach (var c in text)
            {
                var digit = c - '0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                number = number * 10 + digit;
            }

            if (number > max)
            {
                return false;
            }

            value = number;
            return true;
        }

        foreach (var c in text)
        {
            var digit = c - '0';
            if ((uint)digit > 9 || value > (max - digit) / 10)
            {
                value = 0;
                return false;
            }

            value = value * 10 + digit;
        }

        return true;
    }

    public static bool TryParseUnixSeconds(ReadOnlySpan<byte> text, out DateTimeOffset instant)
    {
        if (TryParseDigits(text, MaxUnixSeconds, out long seconds))
        {
            instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        instant = default;
        return false;
    }

    /// <summary>Reads <c>YYYY-MM-DD</c> (a real calendar day) or unix epoch seconds.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out NotificationDate date)
    {
        date = default;
        if (text.Length == 10 && text[4] == (byte)'-' && text[7] == (byte)'-'
            && TryParseDigits(text.Slice(0, 4), 9999, out long year)
            && TryParseDigits(text.Slice(5, 2), 12, out long month)
            && TryParseDigits(text.Slice(8, 2), 31, out long day))
        {
            if (year < 1 || month < 1 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month))
            {
                return false;
            }

            date = NotificationDate.FromCalendarDay((int)year, (int)month, (int)day);
            return true;
        }

        if (TryParseUnixSeconds(text, out var instant))
        {
            date = NotificationDate.FromInstant(instant);
            return true;
        }

        return false;
    }
}
