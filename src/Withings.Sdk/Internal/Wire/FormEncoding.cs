using System.Text;

namespace Withings.Sdk.Internal.Wire;

/// <summary>
/// Writes form bodies (<c>application/x-www-form-urlencoded</c>). RFC 3986 unreserved characters, <c>,</c> and
/// <c>:</c> stay literal, so that <c>meastypes=1,5,6</c> reads as Withings documents it; everything else is
/// percent-encoded UTF-8 (a space as <c>%20</c>, never <c>+</c>).
/// </summary>
internal static class FormEncoding
{
    private const string Hex = "0123456789ABCDEF";

    public static string Encode(IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var length = 0;
        var plain = true;
        for (var i = 0; i < form.Count; i++)
        {
            var pair = form[i];
            length += pair.Key.Length + pair.Value.Length + 2;
            plain &= IsPlain(pair.Key) && IsPlain(pair.Value);
        }

        var builder = new StringBuilder(plain ? length : length * 2);
        for (var i = 0; i < form.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            Append(builder, form[i].Key);
            builder.Append('=');
            Append(builder, form[i].Value);
        }

        return builder.ToString();
    }

    private static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (!IsLiteral(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLiteral(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~' or ',' or ':';

    private static void Append(StringBuilder builder, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsLiteral(c))
            {
                builder.Append(c);
                continue;
            }

            int codePoint = c;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                // A lone surrogate has no UTF-8 form: send the replacement character rather than fail.
                codePoint = 0xFFFD;
            }

            AppendUtf8(builder, codePoint);
        }
    }

    private static void AppendUtf8(StringBuilder builder, int codePoint)
    {
        if (codePoint < 0x80)
        {
            AppendByte(builder, codePoint);
        }
        else if (codePoint < 0x800)
        {
            AppendByte(builder, 0xC0 | (codePoint >> 6));
            AppendByte(builder, 0x80 | (codePoint & 0x3F));
        }
        else if (codePoint < 0x10000)
        {
            AppendByte(builder, 0xE0 | (codePoint >> 12));
            AppendByte(builder, 0x80 | ((codePoint >> 6) & 0x3F));
            AppendByte(builder, 0x80 | (codePoint & 0x3F));
        }
        else
        {
            AppendByte(builder, 0xF0 | (codePoint >> 18));
            AppendByte(builder, 0x80 | ((codePoint >> 12) & 0x3F));
            AppendByte(builder, 0x80 | ((codePoint >> 6) & 0x3F));
            AppendByte(builder, 0x80 | (codePoint & 0x3F));
        }
    }

    private static void AppendByte(StringBuilder builder, int value) =>
        builder.Append('%').Append(Hex[value >> 4]).Append(Hex[value & 0xF]);
}
