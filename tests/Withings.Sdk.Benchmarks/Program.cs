using BenchmarkDotNet.Running;
using Withings.Sdk.Benchmarks;
using Withings.Sdk.Benchmarks.Planning;

// `--counts` prints the request counts of the batch streams without timing anything; everything else goes to
// BenchmarkDotNet (`--filter '*'`, `--job short`, `--list flat`, ...).
if (args.Contains("--counts"))
{
    return CountsReport.Run(Console.Out);
}

// `--sync` drains the 10 000-notification day through the sync engine, batched and one by one, in one run.
if (args.Contains("--sync"))
{
    return await Withings.Sdk.Benchmarks.Sync.SyncDrain.RunAsync(Console.Out);
}

// `--day [--users N[,N…]] [--seed S]` simulates a day under Withings' 120/min limit on a virtual clock (docs/sync.md).
if (args.Contains("--day"))
{
    return await Withings.Sdk.Benchmarks.Day.DayReport.RunAsync(args, Console.Out);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
