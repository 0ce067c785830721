using System.Buffers.Binary;

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

        // Eighteen digits cannot overflow a long: check the bound once at the end instead of at every digit, and
        // read eight digits at a time (a ten-digit timestamp is one block and two digits).
        if (text.Length <= 18)
        {
            long fast = 0;
            var rest = text;
            while (!ParsingVariants.PlainDigits && rest.Length >= 8)
            {
                if (!TryParseEightDigits(BinaryPrimitives.ReadUInt64LittleEndian(rest), out var block))
                {
                    return false;
                }

                fast = fast * 100_000_000 + block;
                rest = rest.Slice(8);
            }

            foreach (var c in rest)
            {
                var digit = c - '0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                fast = fast * 10 + digit;
            }

            if (fast > max)
            {
                return false;
            }

            value = fast;
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

    // Eight ASCII digits in one word, first digit in the lowest byte: check them all, then combine pairs, quads and
    // halves with three multiplications (the SWAR method of Lemire's fast_float).
    private static bool TryParseEightDigits(ulong chunk, out long value)
    {
        if (((chunk & 0xF0F0F0F0F0F0F0F0UL) | (((chunk + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) >> 4)) != 0x3333333333333333UL)
        {
            value = 0;
            return false;
        }

        var digits = chunk & 0x0F0F0F0F0F0F0F0FUL;
        digits = (digits * 2561) >> 8;
        digits = ((digits & 0x00FF00FF00FF00FFUL) * 6553601) >> 16;
        value = (long)(((digits & 0x0000FFFF0000FFFFUL) * 42949672960001UL) >> 32);
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
