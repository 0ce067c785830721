using System.Diagnostics;
using System.Globalization;

namespace Withings.Sdk.Benchmarks.Day;

/// <summary>
/// <c>--day [--users N[,N…]] [--seed S]</c>: simulates a day of notifications for each number of users, fetched one by
/// one and by the sync engine, under Withings' 120 requests a minute on a virtual clock, and prints Markdown tables:
/// requests per user-day beside the whole-day floor, p50/p95 notification-to-data latency, the largest number of users
/// served with p95 under 5 minutes; then a light load and a burst.
/// </summary>
public static class DayReport
{
    /// <summary>The numbers of users simulated unless <c>--users</c> says otherwise.</summary>
    public static readonly int[] DefaultUsers = [100, 1_000, 2_000, 3_000, 6_000];

    // Withings' limit over a day: 120 a minute.
    private const double DailyBudget = 120 * 60 * 24;

    /// <summary>Runs the report.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where to print.</param>
    /// <returns>0; what a run found wrong (undelivered or dead-lettered notifications, failed requests) is printed.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var users = Option(args, "--users") is { } list
            ? [.. list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))]
            : DefaultUsers;
        var seed = Option(args, "--seed") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : DayGenerator.DefaultSeed;
        var total = Stopwatch.StartNew();
        // A first run of each mode, not reported, so that no figure pays for the JIT and the first connections.
        var warmUp = new DayGenerator(seed, length: TimeSpan.FromHours(3));
        await DaySimulation.RunOneByOneAsync(warmUp, warmUp.Generate(50), 50);
        await DaySimulation.RunEngineAsync(warmUp, warmUp.Generate(50), 50);

        var day = new DayGenerator(seed);
        output.WriteLine(FormattableString.Invariant($"A day ({day.Start:yyyy-MM-dd} UTC, seed {seed}) of users in 14 zones, under the default limiter (120 requests a minute) on a virtual clock; latency is from the notification's POST to the data handler."));
        output.WriteLine();
        output.WriteLine("| users | notifications per user-day | floor: requests per user-day | one by one: requests per user-day | p50 | p95 | engine: requests per user-day | p50 | p95 |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var served = new Dictionary<string, int> { [DaySimulation.OneByOne] = 0, [DaySimulation.Engine] = 0 };
        var floors = new List<double>();
        var notes = new List<string>();
        foreach (var n in users)
        {
            var schedule = day.Generate(n);
            var floor = DayPlans.Floor(day, schedule) / (double)n;
            var planned = DayPlans.OneByOnePlanned(day, schedule) / (double)n;
            floors.Add(floor);
            var oneByOne = await DaySimulation.RunOneByOneAsync(day, schedule, n);
            var engine = await DaySimulation.RunEngineAsync(day, schedule, n);
            foreach (var run in new[] { oneByOne, engine })
            {
                if (run.Served)
                {
                    served[run.Mode] = Math.Max(served[run.Mode], n);
                }

                notes.Add(Note(run));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n:N0} | {(double)schedule.Count / n:F1} | {floor:F1} | {Requests(oneByOne, planned)} | {Seconds(oneByOne.P50)} | {Seconds(oneByOne.P95)} | {Requests(engine, planned)} | {Seconds(engine.P50)} | {Seconds(engine.P95)} |"));
        }

        var floorPerUser = floors.Average();
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Largest number of users served with p95 under 5 minutes, of those simulated: one by one {Served(served[DaySimulation.OneByOne])}, engine {Served(served[DaySimulation.Engine])}; the floor allows {DailyBudget / floorPerUser:N0} (172 800 ÷ {floorPerUser:F1})."));
        output.WriteLine();
        foreach (var note in notes)
        {
            output.WriteLine(note);
        }

        await LightLoadAsync(seed, output);
        await BurstAsync(seed, output);
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant($"Total real time: {total.Elapsed.TotalSeconds:F0} s."));
        return 0;
    }

    /// <summary>
    /// A tenth of the limit: as many users as need 12 requests a minute when each notification is fetched alone,
    /// over the first three hours of the day.
    /// </summary>
    private static async Task LightLoadAsync(int seed, TextWriter output)
    {
        var probe = new DayGenerator(seed);
        var sample = probe.Generate(100);
        var perUserDay = DayPlans.OneByOnePlanned(probe, sample) / 100.0;
        var n = Math.Max(1, (int)Math.Round(DailyBudget / 10 / perUserDay));
        var day = new DayGenerator(seed, length: TimeSpan.FromHours(3));
        var schedule = day.Generate(n);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Light load: {n} users ({schedule.Count} notifications in the day's first 3 hours; fetched one by one they need a tenth of the limit)."));
        output.WriteLine();
        output.WriteLine("| mode | requests | p50 | p95 | max |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var run in new[] { await DaySimulation.RunOneByOneAsync(day, schedule, n), await DaySimulation.RunEngineAsync(day, schedule, n) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Mode} | {run.Requests:N0} | {Seconds(run.P50)} | {Seconds(run.P95)} | {Seconds(run.Percentile(1))} |"));
            Report(run, output);
        }
    }

    /// <summary>
    /// A burst: users whose phones all sync within 10 seconds (after an outage, say), each with a tracker that
    /// notifies the same day three times, a night of sleep and a weigh-in; as many users as need twice the minute's
    /// budget when each notification is fetched alone.
    /// </summary>
    private static async Task BurstAsync(int seed, TextWriter output)
    {
        var burst = BurstSchedule.Create(seed, requestsOneByOne: 240);
        var floor = DayPlans.Floor(burst.Day, burst.Notifications);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Burst: {burst.Users} users, {burst.Notifications.Count} notifications within 10 s; planned one by one {DayPlans.OneByOnePlanned(burst.Day, burst.Notifications)} requests (twice the minute's 120), as one batch {floor}."));
        output.WriteLine();
        output.WriteLine("| mode | requests | caught up after the last notification | p50 | p95 |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var run in new[] { await DaySimulation.RunOneByOneAsync(burst.Day, burst.Notifications, burst.Users), await DaySimulation.RunEngineAsync(burst.Day, burst.Notifications, burst.Users) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Mode} | {run.Requests:N0} | {Seconds((run.LastDelivery - run.LastArrival).TotalSeconds)} | {Seconds(run.P50)} | {Seconds(run.P95)} |"));
            Report(run, output);
        }
    }

    private static void Report(DayRun run, TextWriter output)
    {
        if (run.Problems.Count > 0)
        {
            output.WriteLine(Note(run));
        }
    }

    private static string Note(DayRun run)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"- {run.Users:N0} users, {run.Mode}: {run.Notifications:N0} notifications, {run.Delivered:N0} delivered, {run.Requests:N0} requests, oldest wait {run.MaxBacklogAge.TotalSeconds:N0} s, simulated until {run.SimulatedUntil:HH:mm} in {run.RealTime.TotalSeconds:F1} s real");
        if (run.Cut)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; cut at {run.SimulatedUntil:HH:mm} once over 5 % of the day's notifications had waited more than 5 minutes");
        }

        return run.Problems.Count == 0 ? text + "." : text + "; PROBLEMS: " + string.Join("; ", run.Problems) + ".";
    }

    // A run cut short sent only part of the day: one by one, the day's plans say what it would send; the engine's
    // share of the day is not known.
    private static string Requests(DayRun run, double planned) => !run.Cut
        ? run.RequestsPerUser.ToString("F1", CultureInfo.InvariantCulture)
        : run.Mode == DaySimulation.OneByOne
            ? string.Create(CultureInfo.InvariantCulture, $"{planned:F1} (behind)")
            : "behind";

    private static string Seconds(double seconds) => double.IsPositiveInfinity(seconds)
        ? "> 5 min"
        : seconds < 600 ? seconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : (seconds / 60).ToString("F0", CultureInfo.InvariantCulture) + " min";

    private static string Served(int users) => users == 0 ? "none" : users.ToString("N0", CultureInfo.InvariantCulture);

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
