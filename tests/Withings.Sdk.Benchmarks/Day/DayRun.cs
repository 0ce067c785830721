namespace Withings.Sdk.Benchmarks.Day;

/// <summary>What one simulated run measured.</summary>
/// <param name="Mode">How the notifications were fetched.</param>
/// <param name="Users">How many users.</param>
/// <param name="Notifications">How many notifications arrived (or were due to, when cut).</param>
/// <param name="Delivered">How many of them had their data handed over.</param>
/// <param name="Requests">Requests sent to the look-alike.</param>
/// <param name="Latencies">Each delivered notification's latency, in seconds, sorted.</param>
/// <param name="Cut">Whether the run stopped early, once more than 5 % of the day's notifications had waited over 5 minutes.</param>
/// <param name="SimulatedUntil">The virtual instant the run ended at.</param>
/// <param name="LastArrival">When the last notification arrived.</param>
/// <param name="LastDelivery">When the last data was handed over.</param>
/// <param name="MaxBacklogAge">The oldest any waiting notification got.</param>
/// <param name="Problems">Broken invariants (undelivered, unexpected deliveries, rejected posts, fetch failures), empty when none.</param>
/// <param name="RealTime">How long the run took in real time.</param>
public sealed record DayRun(
    string Mode,
    int Users,
    int Notifications,
    int Delivered,
    long Requests,
    IReadOnlyList<double> Latencies,
    bool Cut,
    DateTimeOffset SimulatedUntil,
    DateTimeOffset LastArrival,
    DateTimeOffset LastDelivery,
    TimeSpan MaxBacklogAge,
    IReadOnlyList<string> Problems,
    TimeSpan RealTime)
{
    /// <summary>The p50 latency in seconds; infinite when cut.</summary>
    public double P50 => Percentile(0.50);

    /// <summary>The p95 latency in seconds; infinite when cut.</summary>
    public double P95 => Percentile(0.95);

    /// <summary>Whether every notification's data came with p95 under 5 minutes.</summary>
    public bool Served => !Cut && Delivered == Notifications && P95 < 300;

    /// <summary>Requests per user over the simulated span (a user-day for a whole day).</summary>
    public double RequestsPerUser => (double)Requests / Users;

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank) over every notification, undelivered ones counting as infinite.</summary>
    /// <param name="q">The quantile, 0 to 1.</param>
    /// <returns>Seconds.</returns>
    public double Percentile(double q)
    {
        if (Notifications == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (int)Math.Ceiling(q * Notifications));
        return rank <= Latencies.Count ? Latencies[rank - 1] : double.PositiveInfinity;
    }
}
