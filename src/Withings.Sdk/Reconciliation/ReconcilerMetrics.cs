using System.Diagnostics.Metrics;

namespace Withings.Sdk;

/// <summary>The reconciler's instruments on the <c>Withings.Sdk</c> meter.</summary>
internal sealed class ReconcilerMetrics
{
    public const string MeterName = "Withings.Sdk";

    private readonly Counter<long> _restored;
    private readonly Counter<long> _failures;

    public ReconcilerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _restored = meter.CreateCounter<long>("withings.subscriptions.restored", "{subscription}", "Subscriptions the reconciler found missing and subscribed again.");
        _failures = meter.CreateCounter<long>("withings.subscriptions.reconcile_failures", "{failure}", "Failed reconciliations (a user's token or list, or one category), by Withings status family.");
    }

    public void Restored(int count)
    {
        if (count > 0)
        {
            _restored.Add(count);
        }
    }

    public void Failure(WithingsStatusFamily family) =>
        _failures.Add(1, new KeyValuePair<string, object?>("withings.status_family", family.ToString()));
}
