using System.Globalization;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>The <c>--counts</c> mode: request counts of the generated streams, without timing anything.</summary>
public static class CountsReport
{
    /// <summary>The stream sizes the batch benchmarks use.</summary>
    public static readonly int[] Sizes = [1_000, 10_000, 100_000];

    /// <summary>Prints one line per stream size and returns the exit code.</summary>
    /// <param name="output">Where to print.</param>
    /// <returns>0, or 1 when the planner is not available yet.</returns>
    public static int Run(TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant(
            $"Streams: {NotificationStreamGenerator.DefaultUsers} users over {NotificationStreamGenerator.DefaultDay:yyyy-MM-dd} UTC, seed {NotificationStreamGenerator.DefaultSeed}."));
        output.WriteLine("| Notifications | Distinct bodies | Requests one by one | Requests batched | Fewer requests |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var size in Sizes)
        {
            var distinct = new NotificationStreamGenerator().GenerateBodies(size).Distinct(StringComparer.Ordinal).Count();
            RequestCounts counts;
            try
            {
                counts = RequestCounts.For(size);
            }
            catch (NotImplementedException)
            {
                output.WriteLine("FetchPlanner is not implemented in this build: no counts.");
                return 1;
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {size:N0} | {distinct:N0} | {counts.OneByOne:N0} | {counts.Batched:N0} | {counts.Reduction:0.00}x |"));
        }

        return 0;
    }
}
