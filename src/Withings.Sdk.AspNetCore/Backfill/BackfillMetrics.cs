using System.Diagnostics.Metrics;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Backfill's instruments on the <c>Withings.Sdk</c> meter, in requests: <c>withings.backfill.done</c> (settled, with
/// their data or as failures), <c>withings.backfill.failed</c> (of those, failed for good), <c>withings.backfill.remaining</c>
/// (still to send, over this process's unfinished backfills) and <c>withings.backfill.users_finished</c>.
/// </summary>
internal sealed class BackfillMetrics
{
    private readonly Counter<long> _done;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _usersFinished;

    public BackfillMetrics(IMeterFactory meterFactory, Func<int> remaining)
    {
        var meter = meterFactory.Create(ReceiverMetrics.MeterName);
        _done = meter.CreateCounter<long>("withings.backfill.done", "{request}", "Backfill requests settled: handed to the data handler with their data or as failures.");
        _failed = meter.CreateCounter<long>("withings.backfill.failed", "{request}", "Backfill requests that failed for good (counted in withings.backfill.done too).");
        _usersFinished = meter.CreateCounter<long>("withings.backfill.users_finished", "{user}", "Users whose backfill settled every request.");
        meter.CreateObservableGauge("withings.backfill.remaining", remaining, "{request}", "Backfill requests still to send, over the unfinished backfills.");
    }

    public void Done(int requests, int failed)
    {
        _done.Add(requests);
        if (failed > 0)
        {
            _failed.Add(failed);
        }
    }

    public void UserFinished() => _usersFinished.Add(1);
}
