namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Counts per category and step in five-minute slots over the last day, so that the dashboard can sum the last hour
/// and the last day without keeping every notification. Not thread-safe: the trail calls it under its lock.
/// </summary>
internal sealed class TrailCounts
{
    /// <summary>The width of one slot: the windows are summed in these steps.</summary>
    public static readonly TimeSpan SlotWidth = TimeSpan.FromMinutes(5);

    private const int Slots = 24 * 12;

    // Categories get a column each as they are first seen; Withings has fewer than this, the rest share "other".
    private const int MaxApplis = 24;
    private const int Stages = (int)TrailStage.DeadLettered + 1;

    private readonly long[] _slotNumbers = new long[Slots];
    private readonly int[]?[] _counts = new int[Slots][];
    private readonly List<int> _applis = [];

    public void Add(int appli, TrailStage stage, DateTimeOffset at)
    {
        if (stage is TrailStage.Fetched or TrailStage.Replayed)
        {
            return;
        }

        var number = at.UtcTicks / SlotWidth.Ticks;
        var slot = (int)(number % Slots);
        var counts = _counts[slot];
        if (counts is null || _slotNumbers[slot] != number)
        {
            // A slot a day old (or never used) starts again for this five minutes.
            counts ??= new int[(MaxApplis + 1) * Stages];
            Array.Clear(counts);
            _counts[slot] = counts;
            _slotNumbers[slot] = number;
        }

        counts[(Column(appli) * Stages) + (int)stage]++;
    }

    /// <summary>The counts of the slots that began within <paramref name="window"/> before <paramref name="now"/>, by category.</summary>
    public IReadOnlyList<TrailCount> Sum(DateTimeOffset now, TimeSpan window)
    {
        var last = now.UtcTicks / SlotWidth.Ticks;
        var first = last - Math.Max(0, (long)Math.Ceiling(window.Ticks / (double)SlotWidth.Ticks) - 1);
        var totals = new int[(MaxApplis + 1) * Stages];
        for (var slot = 0; slot < Slots; slot++)
        {
            if (_counts[slot] is { } counts && _slotNumbers[slot] >= first && _slotNumbers[slot] <= last)
            {
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] += counts[i];
                }
            }
        }

        var result = new List<TrailCount>();
        for (var column = 0; column <= MaxApplis; column++)
        {
            var at = column * Stages;
            var count = new TrailCount(
                column < _applis.Count ? _applis[column] : -1,
                totals[at + (int)TrailStage.Queued],
                totals[at + (int)TrailStage.Duplicate],
                totals[at + (int)TrailStage.Refused],
                totals[at + (int)TrailStage.Handled],
                totals[at + (int)TrailStage.DeadLettered]);
            if (count.Received + count.Handled + count.DeadLettered > 0)
            {
                result.Add(count);
            }
        }

        result.Sort(static (a, b) => a.Appli.CompareTo(b.Appli));
        return result;
    }

    private int Column(int appli)
    {
        var column = _applis.IndexOf(appli);
        if (column >= 0)
        {
            return column;
        }

        if (_applis.Count < MaxApplis)
        {
            _applis.Add(appli);
            return _applis.Count - 1;
        }

        return MaxApplis;
    }
}
