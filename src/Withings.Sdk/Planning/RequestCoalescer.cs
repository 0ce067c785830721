using System.Globalization;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>
/// Batch coalescing (docs/planning.md, "Many notifications at once"). Requests are grouped by user, path, signing, window
/// kind and every non-window field; within a group, windows that overlap or touch (the next starts at most one
/// second, or one day, after the previous ends) become their union, re-cut into 24-hour windows where Withings needs
/// it, and <c>lastupdate</c> cursors keep the earliest. Merging only ever widens a window, so the batch never asks
/// for less than the requests it replaces.
/// </summary>
internal static class RequestCoalescer
{
    public static FetchRequest[] Coalesce(List<FetchRequest> planned)
    {
        var groups = new Dictionary<FetchRequest, Group>(planned.Count, SameServiceComparer.Instance);
        var order = new List<Group>();
        foreach (var request in planned)
        {
            if (!groups.TryGetValue(request, out var group))
            {
                group = new Group(request);
                groups.Add(request, group);
                order.Add(group);
            }

            group.Add(request.Window);
        }

        var result = new List<FetchRequest>(order.Count);
        foreach (var group in order)
        {
            group.Emit(result);
        }

        return result.ToArray();
    }

    private sealed class Group(FetchRequest template)
    {
        private readonly List<(long Start, long End)> _windows = [];
        private long _earliest = long.MaxValue;

        public void Add(RequestWindow window)
        {
            switch (window.Kind)
            {
                case RequestWindowKind.Instants or RequestWindowKind.Days:
                    _windows.Add((window.Start, window.End));
                    break;
                case RequestWindowKind.LastUpdate:
                    _earliest = Math.Min(_earliest, window.Start);
                    break;
            }
        }

        public void Emit(List<FetchRequest> result)
        {
            var window = template.Window;
            if (window.Kind == RequestWindowKind.LastUpdate)
            {
                result.Add(Rebuild(template, RequestWindow.LastUpdate(_earliest)));
                return;
            }

            if (window.Kind == RequestWindowKind.None)
            {
                result.Add(template);
                return;
            }

            _windows.Sort();
            var (start, end) = _windows[0];
            for (var i = 1; i < _windows.Count; i++)
            {
                var next = _windows[i];
                if (next.Start - 1 <= end)
                {
                    end = Math.Max(end, next.End);
                    continue;
                }

                EmitMerged(result, start, end);
                (start, end) = next;
            }

            EmitMerged(result, start, end);
        }

        private void EmitMerged(List<FetchRequest> result, long start, long end)
        {
            var kind = template.Window.Kind;
            if (!template.Window.SplitsDaily)
            {
                result.Add(Rebuild(template, new RequestWindow(kind, start, end, false)));
                return;
            }

            var from = start;
            do
            {
                var to = Math.Min(end, from + MaxWindowSeconds);
                result.Add(Rebuild(template, RequestWindow.Instants(from, to, splitsDaily: true)));
                from = to;
            }
            while (from < end);
        }
    }

    /// <summary>The template's form with its window fields set to <paramref name="window"/>, other fields unchanged.</summary>
    private static FetchRequest Rebuild(FetchRequest template, RequestWindow window)
    {
        if (template.Window == window)
        {
            return template;
        }

        var source = template.Form;
        var hasEnd = false;
        foreach (var pair in source)
        {
            hasEnd |= pair.Key == EndDate;
        }

        var openEnd = window.End == long.MaxValue;
        var form = new List<KeyValuePair<string, string>>(source.Count + 1);
        foreach (var pair in source)
        {
            switch (pair.Key)
            {
                case StartDate:
                    form.Add(new(StartDate, Number(window.Start)));
                    if (!hasEnd && !openEnd)
                    {
                        form.Add(new(EndDate, Number(window.End)));
                    }

                    break;
                case EndDate:
                    if (!openEnd)
                    {
                        form.Add(new(EndDate, Number(window.End)));
                    }

                    break;
                case StartDateYmd:
                    form.Add(new(StartDateYmd, UserCalendar.FormatDay(window.Start)));
                    break;
                case EndDateYmd:
                    form.Add(new(EndDateYmd, UserCalendar.FormatDay(window.End)));
                    break;
                case LastUpdate:
                    form.Add(new(LastUpdate, Number(window.Start)));
                    break;
                default:
                    form.Add(pair);
                    break;
            }
        }

        return new FetchRequest(template.UserId, template.Path, form.ToArray(), template.RequiresSignature, window);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Same user, path, signing and window kind, and the same fields apart from the window, in order.</summary>
    private sealed class SameServiceComparer : IEqualityComparer<FetchRequest>
    {
        public static readonly SameServiceComparer Instance = new();

        public bool Equals(FetchRequest? x, FetchRequest? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null || x.UserId != y.UserId || x.RequiresSignature != y.RequiresSignature
                || x.Window.Kind != y.Window.Kind || x.Window.SplitsDaily != y.Window.SplitsDaily
                || !string.Equals(x.Path, y.Path, StringComparison.Ordinal))
            {
                return false;
            }

            int i = 0, j = 0;
            while (true)
            {
                i = NextOtherField(x.Form, i);
                j = NextOtherField(y.Form, j);
                if (i == x.Form.Count || j == y.Form.Count)
                {
                    return i == x.Form.Count && j == y.Form.Count;
                }

                if (!string.Equals(x.Form[i].Key, y.Form[j].Key, StringComparison.Ordinal)
                    || !string.Equals(x.Form[i].Value, y.Form[j].Value, StringComparison.Ordinal))
                {
                    return false;
                }

                i++;
                j++;
            }
        }

        public int GetHashCode(FetchRequest obj)
        {
            unchecked
            {
                var hash = (obj.UserId.GetHashCode() * 31) + (int)obj.Window.Kind;
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(obj.Path);
                foreach (var pair in obj.Form)
                {
                    if (!IsWindowField(pair.Key))
                    {
                        hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(pair.Key);
                        hash = (hash * 31) + HashValue(pair.Value);
                    }
                }

                return hash;
            }
        }

        // data_fields values run to a thousand characters and hashing them dominated batch planning; their length and
        // ends tell requests apart well enough, and Equals still compares them whole.
        private static int HashValue(string value)
        {
            if (value.Length <= 32)
            {
                return StringComparer.Ordinal.GetHashCode(value);
            }

            unchecked
            {
                var hash = value.Length;
                for (var i = 0; i < 16; i++)
                {
                    hash = (hash * 31) + value[i];
                    hash = (hash * 31) + value[value.Length - 1 - i];
                }

                return hash;
            }
        }

        private static int NextOtherField(IReadOnlyList<KeyValuePair<string, string>> form, int index)
        {
            while (index < form.Count && IsWindowField(form[index].Key))
            {
                index++;
            }

            return index;
        }
    }
}
