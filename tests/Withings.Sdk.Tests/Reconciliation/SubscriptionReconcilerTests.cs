using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Reconciliation;

/// <summary>
/// The subscription reconciler against the loopback look-alike: it restores what Withings dropped, reports a dead
/// token once and skips that user until the token changes.
/// </summary>
public sealed class SubscriptionReconcilerTests
{
    private static readonly Uri Callback = new("https://example.com/withings/notify");
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    private sealed class Setup : IAsyncDisposable
    {
        private Setup(WithingsLookAlike server, WithingsLookAlike withings, ServiceProvider services, FakeTimeProvider clock, CapturingLoggerProvider logs)
        {
            Server = server;
            Withings = withings;
            Services = services;
            Clock = clock;
            Logs = logs;
        }

        public WithingsLookAlike Server { get; }

        public WithingsLookAlike Withings { get; }

        public ServiceProvider Services { get; }

        public FakeTimeProvider Clock { get; }

        public CapturingLoggerProvider Logs { get; }

        public IWithingsTokenStore Store => Services.GetRequiredService<IWithingsTokenStore>();

        public WithingsSubscriptionReconciler Reconciler => Services.GetRequiredService<WithingsSubscriptionReconciler>();

        public static async Task<Setup> StartAsync()
        {
            var clock = new FakeTimeProvider(Harness.Now);
            var withings = await LookAlikes.StartStrictAsync(clock);
            var server = withings;
            var logs = new CapturingLoggerProvider();
            var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddLogging(b => b.AddProvider(logs));
            services.AddWithingsNotifications(o =>
                {
                    o.ApiBaseAddress = server.BaseAddress;
                    o.ClientId = Harness.ClientId;
                    o.ClientSecret = Harness.ClientSecret;
                    o.Notify.SubscribeSpacing = TimeSpan.Zero;
                    o.Retry.BaseDelay = TimeSpan.Zero;

                    // The fake clock only moves when a test moves it: a budget no test exhausts.
                    o.RateLimit.PermitsPerMinute = 1000;
                    o.RateLimit.Burst = 999;
                })
                .AddSubscriptionReconciler(r =>
                {
                    r.CallbackUrl = Callback;
                    r.Categories = [NotificationCategory.Weight, NotificationCategory.Sleep];
                    r.Interval = Interval;
                    r.InitialDelay = TimeSpan.Zero;
                });
            return new Setup(server, withings, services.BuildServiceProvider(), clock, logs);
        }

        public async Task AddUserAsync(long userId, string access, string refresh)
        {
            Withings.AddUser(userId, access, refresh);
            await Store.SaveAsync(new WithingsTokenPair(userId, access, refresh, Clock.GetUtcNow().AddHours(3)), CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Test]
    public async Task Reconcile_SubscriptionDroppedByWithings_IsRestoredAndCounted()
    {
        await using var setup = await Setup.StartAsync();
        await setup.AddUserAsync(363, "at-363", "rt-363");
        await setup.AddUserAsync(364, "at-364", "rt-364");
        using var restored = new MetricCollector<long>(setup.Services.GetRequiredService<IMeterFactory>(), "Withings.Sdk", "withings.subscriptions.restored");

        var first = await setup.Reconciler.ReconcileAsync();
        setup.Withings.DropSubscriptions(363, 44);
        var second = await setup.Reconciler.ReconcileAsync();
        var subscribesBefore = setup.Server.Requests.Count(c => c.Form.GetValueOrDefault("action") == "subscribe");
        var third = await setup.Reconciler.ReconcileAsync();

        first.Should().Be(new SubscriptionReconcileReport(Users: 2, Restored: 4, Failed: 0, SkippedDeadTokens: 0));
        second.Should().Be(new SubscriptionReconcileReport(Users: 2, Restored: 1, Failed: 0, SkippedDeadTokens: 0));
        third.Restored.Should().Be(0);
        setup.Withings.SubscriptionsOf(363).Select(s => s.Appli).Should().BeEquivalentTo([1, 44]);
        setup.Server.Requests.Count(c => c.Form.GetValueOrDefault("action") == "subscribe").Should().Be(subscribesBefore, "a pass with nothing missing only lists");
        restored.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(5);
    }

    [Test]
    public async Task Reconcile_DeadToken_ReportedOnceSkippedThenPickedUpAfterTheTokenChanges()
    {
        await using var setup = await Setup.StartAsync();
        await setup.AddUserAsync(363, "at-363", "rt-363");
        await setup.AddUserAsync(364, "at-364", "rt-364");
        setup.Withings.RevokeTokens(364);
        using var failures = new MetricCollector<long>(setup.Services.GetRequiredService<IMeterFactory>(), "Withings.Sdk", "withings.subscriptions.reconcile_failures");

        var first = await setup.Reconciler.ReconcileAsync();
        var callsAfterFirst = setup.Server.Requests.Count;
        var second = await setup.Reconciler.ReconcileAsync();
        var third = await setup.Reconciler.ReconcileAsync();
        var secondAndThirdCalls = setup.Server.Requests.Skip(callsAfterFirst).ToList();

        first.Should().Be(new SubscriptionReconcileReport(Users: 2, Restored: 2, Failed: 1, SkippedDeadTokens: 0));
        second.Should().Be(new SubscriptionReconcileReport(Users: 1, Restored: 0, Failed: 0, SkippedDeadTokens: 1));
        third.SkippedDeadTokens.Should().Be(1);
        secondAndThirdCalls.Should().NotContain(c => c.BearerToken == "at-364" || c.Form.GetValueOrDefault("refresh_token") == "rt-364");
        setup.Logs.Logs.Count(l => l.EventId.Id == 721).Should().Be(1, "a dead token is reported once");
        setup.Logs.AllText.Should().NotContain("at-364").And.NotContain("rt-364");
        failures.GetMeasurementSnapshot().Should().ContainSingle()
            .Which.Tags["withings.status_family"].Should().Be(nameof(WithingsStatusFamily.InvalidParams), "Withings refused the refresh token with 503");

        // The user links the application again: a new pair in the store.
        await setup.AddUserAsync(364, "at-364-new", "rt-364-new");
        var fourth = await setup.Reconciler.ReconcileAsync();

        fourth.Should().Be(new SubscriptionReconcileReport(Users: 2, Restored: 2, Failed: 0, SkippedDeadTokens: 0));
        setup.Withings.SubscriptionsOf(364).Select(s => s.Appli).Should().BeEquivalentTo([1, 44]);
    }

    [Test]
    public async Task GetLastChecks_HoldEachUsersOutcomes_ADeadToken_AndForgetAnUnlinkedUser()
    {
        await using var setup = await Setup.StartAsync();
        await setup.AddUserAsync(363, "at-363", "rt-363");
        await setup.AddUserAsync(364, "at-364", "rt-364");
        setup.Withings.RevokeTokens(364);

        setup.Reconciler.GetLastChecks().Should().BeEmpty("no pass ran yet");
        await setup.Reconciler.ReconcileAsync();
        setup.Withings.DropSubscriptions(363, 44);
        await setup.Reconciler.ReconcileAsync();
        var checks = setup.Reconciler.GetLastChecks();

        checks.Select(c => c.UserId).Should().Equal(363, 364);
        checks[0].Outcomes.Select(o => (o.Appli, o.Kind)).Should().Equal(
            (NotificationCategory.Weight, SubscriptionOutcomeKind.Kept), (NotificationCategory.Sleep, SubscriptionOutcomeKind.Subscribed));
        checks[0].CheckedAt.Should().Be(setup.Clock.GetUtcNow());
        checks[1].Should().Match<SubscriptionUserCheck>(c => c.TokenDead && c.Failure == WithingsStatusFamily.InvalidParams && c.Outcomes.Count == 0, "the dead token's check stays while the user is skipped");

        await ((IWithingsUserTokenStore)setup.Store).RemoveAsync(364, CancellationToken.None);
        await setup.Reconciler.ReconcileAsync();

        setup.Reconciler.GetLastChecks().Select(c => c.UserId).Should().Equal([363L], "a user no longer in the token store has no subscriptions to keep");
    }

    [Test]
    public async Task Reconcile_AccessTokenRefusedButRefreshWorks_RefreshesOnceAndRestores()
    {
        await using var setup = await Setup.StartAsync();
        setup.Withings.AddUser(365, "at-365-live", "rt-365");
        await setup.Store.SaveAsync(new WithingsTokenPair(365, "at-365-stale", "rt-365", Harness.Now.AddHours(3)), CancellationToken.None);

        var report = await setup.Reconciler.ReconcileAsync();

        report.Should().Be(new SubscriptionReconcileReport(Users: 1, Restored: 2, Failed: 0, SkippedDeadTokens: 0));
        setup.Server.Requests.Select(c => c.Form.GetValueOrDefault("action")).Should().Equal("list", "requesttoken", "list", "subscribe", "subscribe");
        (await setup.Store.GetAsync(365, CancellationToken.None))!.RefreshToken.Should().NotBe("rt-365", "the rotated pair was saved");
    }

    [Test]
    public async Task HostedService_OneRegistrationCall_RunsPassesOnTheClockAndRestoresADrop()
    {
        await using var setup = await Setup.StartAsync();
        await setup.AddUserAsync(363, "at-363", "rt-363");
        var hosted = setup.Services.GetServices<IHostedService>().OfType<WithingsSubscriptionReconciler>().Should().ContainSingle().Subject;

        await hosted.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(setup, () => setup.Withings.SubscriptionsOf(363).Count == 2);
            setup.Withings.DropSubscriptions(363, 1);
            await WaitUntilAsync(setup, () => setup.Withings.SubscriptionsOf(363).Count == 2);
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        setup.Withings.SubscriptionsOf(363).Select(s => s.Appli).Should().BeEquivalentTo([1, 44]);
    }

    [Test]
    public void Registration_StoreWithoutUserListing_FailsNamingTheInterface()
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications()
            .UseTokenStore(_ => new RecordingTokenStore([]))
            .AddSubscriptionReconciler(r =>
            {
                r.CallbackUrl = Callback;
                r.Categories = [NotificationCategory.Weight];
            });
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<WithingsSubscriptionReconciler>();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*IWithingsUserTokenStore*");
    }

    [Test]
    public void Registration_NoCallbackUrlNorCategory_FailsValidationNamingBoth()
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications().AddSubscriptionReconciler(_ => { });
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WithingsReconcilerOptions>>().Value;

        read.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures
            .Should().Contain(f => f.StartsWith("Withings:Reconciler:CallbackUrl", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Withings:Reconciler:Categories", StringComparison.Ordinal));
    }

    [Test]
    public void Registration_IntervalOfZero_FailsValidationNamingTheConfigurationKey()
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications().AddSubscriptionReconciler(r =>
        {
            r.CallbackUrl = new Uri("https://api.example.com/withings/notify");
            r.Categories = [NotificationCategory.Weight];
            r.Interval = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WithingsReconcilerOptions>>().Value;

        read.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures
            .Should().Equal("Withings:Reconciler:Interval: must be at least 00:00:00.0000001.");
    }

    // Advances the fake clock by a whole interval at a time (each jump fires the pending wait, wherever the service
    // is), until the condition holds; the generous real-time budget only bounds a broken run.
    private static async Task WaitUntilAsync(Setup setup, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the reconciler should have acted by now");
            setup.Clock.Advance(Interval);
            await Task.Delay(20);
        }
    }
}
