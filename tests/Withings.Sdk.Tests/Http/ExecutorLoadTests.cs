using System.Globalization;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Http;

/// <summary>
/// Hundreds of requests at once through <see cref="IWithingsDataClient"/> (as <c>AddWithingsNotifications</c>
/// registers it) against the loopback look-alike, with the application-wide limiter on a fake clock. Each test
/// prints the figures it asserts on.
/// </summary>
[NonParallelizable]
public sealed class ExecutorLoadTests
{
    private const string NewAccessToken = "a075f8c14fb8df40b08ebc8508533dc332a6910a";
    private static readonly TimeSpan PumpStep = TimeSpan.FromMilliseconds(100);

    [Test]
    public async Task ExecuteAsync_300RequestsQueuedLongerThanTheHttpTimeout_NoneTimesOutAndAllSucceed()
    {
        await using var rig = await LoadRig.StartAsync(
            (_, _) => Fixture.Response("getmeas.page3.json"),
            new Dictionary<string, string?> { ["Withings:Retry:BaseDelay"] = "00:00:00" },

            // Short, so that the queue outlasts it; long enough that a loopback request never reaches it on a loaded machine.
            httpTimeout: TimeSpan.FromSeconds(10));
        await SeedAsync(rig, "valid-access", TimeSpan.FromHours(3));

        var calls = Enumerable.Range(0, 300).Select(n => rig.Data.ExecuteAsync(new FetchPlan([LoadRig.Getmeas(Harness.UserId, n)]))).ToArray();
        await LoadRig.WaitUntilAsync(() => rig.Server.Requests.Count == 10 && rig.Limiter.GetStatistics()!.CurrentQueuedCount == 290, "the burst is sent and the rest is queued");

        // Real time runs past the HttpClient timeout while the queue waits for a fake clock that does not move (this
        // delay is the condition under test, not a wait for something to happen).
        await Task.Delay(TimeSpan.FromSeconds(11));
        await rig.PumpUntilAsync(() => calls.All(c => c.IsCompleted), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));

        var results = (await Task.WhenAll(calls)).Select(r => r.Single()).ToList();
        var failed = results.Count(r => !r.IsSuccess);
        var timedOut = rig.Logs.Logs.Count(l => l.EventId.Id is 102 or 103 && l.Values.Contains("Failure=timeout"));
        await TestContext.Out.WriteLineAsync($"300 requests, burst 10, HttpClient.Timeout 10 s, queue held 11 s: {failed} failed, {timedOut} attempts timed out, {rig.Server.Requests.Count} requests reached Withings");
        timedOut.Should().Be(0, "a permit wait is not a request timeout");
        failed.Should().Be(0, "queued work never fails for being queued");
        rig.Server.Requests.Should().HaveCount(300);
    }

    [Test]
    public async Task ExecuteAsync_100RequestsWhileTheQuotaIsSpent_WaitForTheQuotaInsteadOfFailing()
    {
        // Another process spent the application's quota: Withings answers 601 for the first minute.
        await using var rig = await LoadRig.StartAsync(
            (_, at) => at < LoadRig.Start.AddSeconds(60) ? Fixture.Response("status601.json") : Fixture.Response("getmeas.page3.json"),
            new Dictionary<string, string?> { ["Withings:Retry:BaseDelay"] = "00:00:01" });
        await SeedAsync(rig, "valid-access", TimeSpan.FromHours(3));

        var calls = Enumerable.Range(0, 100).Select(n => rig.Data.ExecuteAsync(new FetchPlan([LoadRig.Getmeas(Harness.UserId, n)]))).ToArray();
        // How many of the burst's 10 permits reach Withings before the first 601 holds the limiter depends on how the
        // 100 calls interleave (the first answer can come back before the last of the burst took its permit): wait
        // until every call is either refused (and waits to retry on the clock that does not move) or queued.
        await LoadRig.WaitUntilAsync(
            () => rig.Logs.Logs.Count(l => l.EventId.Id == 102) is var refusedSoFar and > 0 && refusedSoFar + rig.Limiter.GetStatistics()!.CurrentQueuedCount == 100,
            "the burst got its 601s and the rest is queued",
            () => rig.Logs.AllText);
        await rig.PumpUntilAsync(() => calls.All(c => c.IsCompleted), TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(30));

        var results = (await Task.WhenAll(calls)).Select(r => r.Single()).ToList();
        var failed = results.Count(r => !r.IsSuccess);
        var refused = rig.Arrivals.Count(a => a.At < LoadRig.Start.AddSeconds(60));
        var firstAfter = rig.Arrivals.Where(a => a.At >= LoadRig.Start.AddSeconds(60)).Select(a => a.At).DefaultIfEmpty().Min();
        await TestContext.Out.WriteLineAsync($"100 requests, Withings at 601 for 60 s: {failed} failed, {refused} requests answered 601, {rig.Arrivals.Count} requests sent, first request after the quota at +{(firstAfter - LoadRig.Start).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        failed.Should().Be(0);
        refused.Should().BeInRange(1, 10, "after the first 601s the whole application waits for the quota: only the burst met them");
        rig.Arrivals.Should().HaveCount(100 + refused, "each refused request is sent again once, after the quota");
        (firstAfter - LoadRig.Start).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(76), "the wait is Retry:RateLimitWait (60 s) plus at most 25 % jitter, and one refill");
    }

    [Test]
    public async Task ExecuteAsync_20RequestsWithARefusedToken_TheRefreshGoesFirstAndQueuedRequestsUseTheNewToken()
    {
        await using var rig = await LoadRig.StartAsync((call, _) => call.Path switch
        {
            "/v2/oauth2" => Fixture.Response("requesttoken.json"),
            _ when call.BearerToken == NewAccessToken => Fixture.Response("getmeas.page3.json"),
            _ => Fixture.Response("status401.json"),
        });

        // Valid for hours by its expiry, but Withings refuses it (revoked, or refreshed elsewhere).
        await SeedAsync(rig, "refused-access", TimeSpan.FromHours(3));

        var calls = Enumerable.Range(0, 20).Select(n => rig.Data.ExecuteAsync(new FetchPlan([LoadRig.Getmeas(Harness.UserId, n)]))).ToArray();
        await LoadRig.WaitUntilAsync(() => rig.Limiter.GetStatistics()!.CurrentQueuedCount == 11, "the burst was refused and the refresh is queued");
        await rig.PumpUntilAsync(() => calls.All(c => c.IsCompleted), PumpStep, TimeSpan.FromMinutes(10));

        var results = (await Task.WhenAll(calls)).Select(r => r.Single()).ToList();
        var refreshAt = rig.Arrivals.Single(a => a.Call.Path == "/v2/oauth2").At;
        var refused = rig.Arrivals.Count(a => a.Call.Path == "/measure" && a.Call.BearerToken != NewAccessToken);
        var permits = rig.Limiter.GetStatistics()!.TotalSuccessfulLeases;
        await TestContext.Out.WriteLineAsync($"20 requests with a refused token, burst 10: refresh sent +{(refreshAt - LoadRig.Start).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after the refusals, {refused} requests refused, {permits} permits for {results.Count(r => r.IsSuccess)} results");
        results.Should().OnlyContain(r => r.IsSuccess);
        (refreshAt - LoadRig.Start).Should().BeLessThanOrEqualTo(rig.Limiter.RefillPeriod + PumpStep, "the refresh takes the next permit, ahead of the queue (seen at the end of a pump step)");
        refused.Should().Be(10, "only the burst, sent before any answer, carried the refused token");
        permits.Should().Be(31, "10 refused + 1 refresh + 20 served");
    }

    [Test]
    public async Task ExecuteAsync_TokenStoreSaveThrowsIOException_EveryRequestReportsItAndTheRefreshBacksOff()
    {
        var store = new FailingSaveTokenStore(new IOException("The disk is full."));
        await using var rig = await LoadRig.StartAsync(
            (call, _) => call.Path == "/v2/oauth2" ? Fixture.Response("requesttoken.json") : Fixture.Response("getmeas.page3.json"),
            tokenStore: store);
        await store.Seed(new WithingsTokenPair(Harness.UserId, "expired-access", "old-refresh", LoadRig.Start.AddMinutes(-1), "user.metrics"));
        var plan = new FetchPlan([LoadRig.Getmeas(Harness.UserId, 0), LoadRig.Getmeas(Harness.UserId, 1), LoadRig.Getmeas(Harness.UserId, 2)]);

        IReadOnlyList<FetchResult>? results = null;
        Exception? escaped = null;
        try
        {
            results = await rig.Data.ExecuteAsync(plan);
        }
        catch (Exception e)
        {
            escaped = e;
        }

        var refreshes = rig.Arrivals.Count(a => a.Call.Path == "/v2/oauth2");
        await TestContext.Out.WriteLineAsync($"3-request plan, SaveAsync throws IOException: escaped {escaped?.GetType().Name ?? "nothing"}, {results?.Count ?? 0} results, {results?.Count(r => r.Error is not null) ?? 0} with an error, {refreshes} refresh(es)");
        escaped.Should().BeNull();
        results.Should().HaveCount(3).And.OnlyContain(r => r.Error != null && r.Error.InnerException is IOException);
        results![0].Error!.Message.Should().Contain("user 363").And.Contain("IOException").And.NotContain("expired-access").And.NotContain("old-refresh");
        refreshes.Should().Be(1, "after a failed save the refresh backs off instead of refreshing and discarding again");

        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        var afterBackoff = await rig.Data.ExecuteAsync(new FetchPlan([LoadRig.Getmeas(Harness.UserId, 3)]));

        afterBackoff.Single().Error!.InnerException.Should().BeOfType<IOException>();
        rig.Arrivals.Count(a => a.Call.Path == "/v2/oauth2").Should().Be(2, "once the backoff is over, the refresh is tried again");
        rig.Arrivals.Count(a => a.Call.Path == "/measure").Should().Be(0, "no request went out with the expired token");
    }

    private static Task SeedAsync(LoadRig rig, string accessToken, TimeSpan expiresIn) =>
        rig.Store.SaveAsync(new WithingsTokenPair(Harness.UserId, accessToken, "valid-refresh", LoadRig.Start + expiresIn, "user.metrics"), CancellationToken.None);
}
