using System.Globalization;

namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>
/// The <c>--counts</c> mode: the requests each generated stream costs planned one by one and as a batch, without
/// timing anything. It fails when the 10 000-notification stream saves less than the promised 3x.
/// </summary>
public static class CountsReport
{
    /// <summary>The stream sizes the batch benchmarks use.</summary>
    public static readonly int[] Sizes = [1_000, 10_000, 100_000];

    /// <summary>The stream the 3x promise is about (issue 6: 10 000 notifications from 500 users over a day).</summary>
    public const int PromisedSize = 10_000;

    /// <summary>How many times fewer requests the batch must send on that stream.</summary>
    public const double PromisedReduction = 3;

    /// <summary>Prints one line per stream size and returns the exit code.</summary>
    /// <param name="output">Where to print.</param>
    /// <returns>0, or 1 when the batch saves less than promised.</returns>
    public static int Run(TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant(
            $"Streams: {NotificationStreamGenerator.DefaultUsers} users over {NotificationStreamGenerator.DefaultDay:yyyy-MM-dd} UTC, seed {NotificationStreamGenerator.DefaultSeed}."));
        output.WriteLine("| Notifications | Distinct bodies | Requests one by one | Requests batched | Fewer requests |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        var status = 0;
        foreach (var size in Sizes)
        {
            var distinct = new NotificationStreamGenerator().GenerateBodies(size).Distinct(StringComparer.Ordinal).Count();
            var counts = RequestCounts.For(size);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {size:N0} | {distinct:N0} | {counts.OneByOne:N0} | {counts.Batched:N0} | {counts.Reduction:0.00}x |"));
            if (size == PromisedSize && counts.Reduction < PromisedReduction)
            {
                status = 1;
            }
        }

        if (status != 0)
        {
            output.WriteLine(FormattableString.Invariant($"FAIL: the batch plan of {PromisedSize:N0} notifications saves less than {PromisedReduction}x."));
        }

        return status;
    }
}
