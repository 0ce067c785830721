namespace Withings.Sdk.Redis;

/// <summary>
/// Tells dead consumers from live ones by their heartbeats as this instance sees them: a consumer is dead once its
/// heartbeat value has stayed the same for the timeout on this instance's own clock, or when it wrote
/// <see cref="Stopped"/>. Values are compared, never the clocks that wrote them, so clocks that disagree between
/// machines cannot make a live instance look dead; and a fake clock drives it in tests. Not thread-safe: one heartbeat
/// loop uses it.
/// </summary>
internal sealed class ConsumerLiveness(TimeSpan timeout, TimeProvider timeProvider)
{
    /// <summary>The value an instance writes when it stops cleanly: what it left is taken over at once.</summary>
    public const string Stopped = "stopped";

    /// <summary>The value of a consumer that has no heartbeat (it died before its first, or runs an older version).</summary>
    public const string Absent = "-";

    private readonly Dictionary<string, Sighting> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// Records one look at every other consumer's heartbeat (<see cref="Absent"/> for none), taken at
    /// <paramref name="timestamp"/>, and returns those found dead by it, each with the value that proves it.
    /// </summary>
    public IReadOnlyList<DeadConsumer> Look(IReadOnlyDictionary<string, string> heartbeats, long timestamp)
    {
        var dead = new List<DeadConsumer>();
        foreach (var (consumer, beat) in heartbeats)
        {
            if (beat == Stopped)
            {
                dead.Add(new DeadConsumer(consumer, beat));
            }
            else if (_seen.TryGetValue(consumer, out var sighting) && sighting.Beat == beat)
            {
                if (timeProvider.GetElapsedTime(sighting.Since, timestamp) >= timeout)
                {
                    dead.Add(new DeadConsumer(consumer, beat));
                }
            }
            else
            {
                _seen[consumer] = new Sighting(beat, timestamp);
            }
        }

        foreach (var gone in _seen.Keys.Where(c => !heartbeats.ContainsKey(c)).ToList())
        {
            _seen.Remove(gone);
        }

        return dead;
    }

    /// <summary>
    /// Forgets every sighting, after a look failed: time during which this instance could not look (Redis down, this
    /// process frozen) must not count against the others, whose heartbeats may have failed for the same reason.
    /// </summary>
    public void Forget() => _seen.Clear();

    private readonly record struct Sighting(string Beat, long Since);
}
