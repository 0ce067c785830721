using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>
/// The omitted windows of a batch: per user, service, <c>data_fields</c> and reason, windows that overlap or touch
/// become one, and whatever the coalesced requests fetch anyway is taken out, so a backfill never repeats the batch.
/// </summary>
internal static class OmissionCoalescer
{
    public static OmittedWindow[] Coalesce(List<OmittedWindow> omitted, FetchRequest[] planned)
    {
        var groups = new Dictionary<(long? User, string Path, string Action, string? DataFields, OmittedWindowKind Kind), List<OmittedWindow>>();
        var order = new List<List<OmittedWindow>>();
        foreach (var window in omitted)
        {
            var key = (window.UserId, window.Path, window.Action, window.DataFields, window.Kind);
            if (!groups.TryGetValue(key, out var group))
            {
                group = [];
                groups.Add(key, group);
                order.Add(group);
            }

            group.Add(window);
        }

        var result = new List<OmittedWindow>(omitted.Count);
        foreach (var group in order)
        {
            var coverage = Coverage(group[0], planned);
            group.Sort((x, y) => x.StartSeconds.CompareTo(y.StartSeconds));
            var current = group[0];
            var (start, end) = (current.StartSeconds, current.EndSeconds);
            for (var i = 1; i < group.Count; i++)
            {
                var next = group[i];
                if (next.StartSeconds - 1 <= end)
                {
                    end = Math.Max(end, next.EndSeconds);
                    continue;
                }

                Subtract(current, start, end, coverage, result);
                current = next;
                (start, end) = (next.StartSeconds, next.EndSeconds);
            }

            Subtract(current, start, end, coverage, result);
        }

        return result.ToArray();
    }

    /// <summary>The windows of the planned requests of the same user and service, in time order.</summary>
    private static List<(long Start, long End)> Coverage(OmittedWindow window, FetchRequest[] planned)
    {
        var coverage = new List<(long Start, long End)>();
        foreach (var request in planned)
        {
            if (request.Window.SplitsDaily && request.UserId == window.UserId
                && string.Equals(request.Path, window.Path, StringComparison.Ordinal)
                && string.Equals(request.Action, window.Action, StringComparison.Ordinal)
                && string.Equals(request.GetField(DataFields), window.DataFields, StringComparison.Ordinal))
            {
                coverage.Add((request.Window.Start, request.Window.End));
            }
        }

        coverage.Sort();
        return coverage;
    }

    /// <summary>Adds <c>[start, end]</c> less the covered windows, as pieces of <paramref name="template"/>.</summary>
    private static void Subtract(OmittedWindow template, long start, long end, List<(long Start, long End)> coverage, List<OmittedWindow> result)
    {
        if (start == end)
        {
            // A single instant (a window of no length after now): kept unless a planned window holds it.
            if (!coverage.Exists(c => c.Start <= start && start <= c.End))
            {
                result.Add(template.WithBounds(start, end));
            }

            return;
        }

        var from = start;
        foreach (var (coveredFrom, coveredTo) in coverage)
        {
            if (coveredTo <= from)
            {
                continue;
            }

            if (coveredFrom >= end)
            {
                break;
            }

            if (coveredFrom > from)
            {
                result.Add(template.WithBounds(from, coveredFrom));
            }

            from = Math.Max(from, coveredTo);
        }

        if (from < end)
        {
            result.Add(template.WithBounds(from, end));
        }
    }
}
