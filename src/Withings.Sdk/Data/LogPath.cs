using System.Text;

namespace Withings.Sdk;

/// <summary>
/// A JSON path made safe for logs: field names and list positions stay; any other key (an instant such as the
/// <c>1594159260</c> of <c>series.1594159260</c>, a night-event type, a quoted name) becomes <c>*</c>, since the keys
/// of Withings' maps are the user's data.
/// </summary>
internal static class LogPath
{
    public static string Of(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        var text = new StringBuilder(path!.Length);
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                text.Append('.');
                i++;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                var inside = end < 0 ? string.Empty : path.Substring(i + 1, end - i - 1);
                text.Append(inside.Length > 0 && inside.All(IsDigit) ? "[" + inside + "]" : "[*]");
                i = end < 0 ? path.Length : end + 1;
            }
            else
            {
                var end = path.IndexOfAny(['.', '['], i);
                end = end < 0 ? path.Length : end;
                text.Append(IsFieldName(path, i, end) ? path.Substring(i, end - i) : "*");
                i = end;
            }
        }

        return text.ToString();
    }

    // Withings' field names: letters, digits and underscores, not starting with a digit.
    private static bool IsFieldName(string path, int start, int end)
    {
        if (IsDigit(path[start]))
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (!(IsDigit(path[i]) || (path[i] >= 'a' && path[i] <= 'z') || (path[i] >= 'A' && path[i] <= 'Z') || path[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
