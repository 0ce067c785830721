using System.Text;

namespace Withings.Sdk.Internal.Wire;

/// <summary>
/// <c>application/x-www-form-urlencoded</c> decoding on UTF-8 spans, shared by the parser's hot path and the lazy
/// <see cref="NotificationFields"/> view. Malformed escapes are kept literally, as browsers and ASP.NET do.
/// </summary>
internal static class FormUrlDecoder
{
    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>, which must be at least as long.</summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%' && i + 2 < source.Length && TryHex(source[i + 1], out var hi) && TryHex(source[i + 2], out var lo))
            {
                b = (byte)((hi << 4) | lo);
                i += 2;
            }

            destination[written++] = b;
        }

        return written;
    }

    /// <summary>Splits and decodes a whole body into its pairs, skipping empty segments and empty keys.</summary>
    public static List<KeyValuePair<string, string>> DecodePairs(string body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var bytes = Encoding.UTF8.GetBytes(body);
        var scratch = new byte[bytes.Length];
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            var amp = rest.IndexOf((byte)'&');
            var segment = amp < 0 ? rest : rest.Slice(0, amp);
            rest = amp < 0 ? default : rest.Slice(amp + 1);

            var eq = segment.IndexOf((byte)'=');
            var rawKey = eq < 0 ? segment : segment.Slice(0, eq);
            var rawValue = eq < 0 ? default : segment.Slice(eq + 1);
            var keyLength = Decode(rawKey, scratch);
            if (keyLength == 0)
            {
                continue;
            }

            var key = Utf8ToString(scratch.AsSpan(0, keyLength));
            var valueLength = Decode(rawValue, scratch);
            pairs.Add(new KeyValuePair<string, string>(key, Utf8ToString(scratch.AsSpan(0, valueLength))));
        }

        return pairs;
    }

    public static unsafe string Utf8ToString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        fixed (byte* p = utf8)
        {
            return Encoding.UTF8.GetString(p, utf8.Length);
        }
    }

    private static bool TryHex(byte c, out int value)
    {
        value = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
