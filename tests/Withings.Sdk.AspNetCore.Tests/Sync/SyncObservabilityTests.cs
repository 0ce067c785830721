using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

[NonParallelizable]
public sealed class SyncObservabilityTests
{
    private const long Alice = 12345;

    [Test]
    public async Task Api_request_span_is_a_child_of_the_notification_span_which_links_the_incoming_request()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Withings.Sdk" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice]);

        await host.PostAsync(Payloads.SeedExample);
        await host.Recorder.WaitForNotificationsAsync(1);

        var api = stopped.Should().ContainSingle(a => a.DisplayName == "Withings /measure getmeas").Subject;
        api.Kind.Should().Be(ActivityKind.Client);
        api.GetTagItem("withings.status_family").Should().Be("success");
        var notification = stopped.Should().ContainSingle(a => a.DisplayName == "Withings notifications").Subject;
        api.ParentSpanId.Should().Be(notification.SpanId);
        api.TraceId.Should().Be(notification.TraceId);
        notification.Links.Should().ContainSingle();

        // The server ends the incoming request's span after the client has its answer: wait for it to be stopped.
        List<ActivitySpanId> Incoming() => stopped.Where(a => a.Source.Name == "Microsoft.AspNetCore" && a.GetTagItem("url.path") is null or "/withings/notify")
            .Where(a => a.OperationName.Contains("HttpRequestIn", StringComparison.Ordinal))
            .Select(a => a.SpanId)
            .ToList();
        using (var timeout = new CancellationTokenSource(TestTimeouts.Wait))
        {
            while (!Incoming().Contains(notification.Links.Single().Context.SpanId))
            {
                await Task.Delay(20, timeout.Token);
            }
        }
        api.Tags.Select(t => t.Value).Should().NotContain(v => v != null && v.Contains("access-", StringComparison.Ordinal), "no token in a tag");
    }

    [Test]
    public async Task Api_metrics_count_requests_by_service_action_and_family_and_601s()
    {
        using var requests = new MetricCollector<long>(null, WithingsTelemetry.Name, WithingsTelemetry.RequestsInstrument);
        using var tooMany = new MetricCollector<long>(null, WithingsTelemetry.Name, WithingsTelemetry.TooManyRequestsInstrument);
        using var duration = new MetricCollector<double>(null, WithingsTelemetry.Name, WithingsTelemetry.DurationInstrument);
        using var wait = new MetricCollector<double>(null, WithingsTelemetry.Name, WithingsTelemetry.PermitWaitInstrument);
        await using var lookAlike = await SyncLookAlike.StartAsync();
        lookAlike.Fail = call => call.Path == "/v2/heart" ? 601 : null;

        // A 601 holds the application's rate limiter for Retry:RateLimitWait (60 s by default): none here, the test
        // counts requests, it does not pace them.
        await using var host = await SyncHost.StartAsync(lookAlike, [Alice], settings: new() { ["Withings:Retry:RateLimitWait"] = "00:00:00" });

        await host.PostAsync(Payloads.SeedExample);
        await host.PostAsync($"userid={Alice}&appli=54&startdate=1709366400&enddate=1709370000");
        await host.Recorder.WaitForNotificationsAsync(2);

        requests.GetMeasurementSnapshot().Should().Contain(m =>
            (string?)m.Tags["withings.service"] == "/measure" && (string?)m.Tags["withings.action"] == "getmeas"
            && (string?)m.Tags["withings.status_family"] == "success" && m.Value == 1);
        requests.GetMeasurementSnapshot().Should().Contain(m =>
            (string?)m.Tags["withings.service"] == "/v2/heart" && (string?)m.Tags["withings.status_family"] == "too_many_requests");
        tooMany.GetMeasurementSnapshot().Should().NotBeEmpty().And.OnlyContain(m => (string?)m.Tags["withings.service"] == "/v2/heart");
        duration.GetMeasurementSnapshot().Should().HaveCount(requests.GetMeasurementSnapshot().Count).And.OnlyContain(m => m.Value >= 0);
        wait.GetMeasurementSnapshot().Should().HaveCount(requests.GetMeasurementSnapshot().Count).And.OnlyContain(m => m.Value >= 0);
    }

    [Test]
    public async Task Expired_token_counts_one_refresh_request()
    {
        using var refreshes = new MetricCollector<long>(null, WithingsTelemetry.Name, WithingsTelemetry.TokenRefreshesInstrument);
        var tokens = new InMemoryWithingsTokenStore();
        await tokens.SaveAsync(new WithingsTokenPair(Alice, "expired-access", "refresh-me", DateTimeOffset.UtcNow.AddHours(-1)), CancellationToken.None);
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            [],
            services: s => s.AddSingleton<IWithingsTokenStore>(tokens),
            settings: new() { ["Withings:ClientId"] = "client-id", ["Withings:ClientSecret"] = "client-secret" });

        await host.PostAsync(Payloads.SeedExample);
        await host.Recorder.WaitForNotificationsAsync(1);

        lookAlike.Calls.Should().Contain(c => c.Path == "/v2/oauth2" && c.Form["grant_type"] == "refresh_token");
        refreshes.GetMeasurementSnapshot().Should().NotBeEmpty();
    }
}
