using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Settings are checked when the host starts, with messages that name the setting.</summary>
public sealed class OptionsTests
{
    [Test]
    public async Task Start_InvalidSettings_FailsNamingEachSetting()
    {
        var app = ReceiverHost.Build(r => r.AddHandler((_, _, _) => Task.CompletedTask), o =>
        {
            o.QueueCapacity = 0;
            o.HandlerConcurrency = 0;
            o.Retry.MaxAttempts = 0;
            o.DuplicateTimeToLive = TimeSpan.Zero;
            o.Retry.BaseDelay = TimeSpan.FromHours(2);
            o.AllowedNetworks.Add("10.0.0.0/33");
            o.AllowedNetworks.Add("not-a-network");
        });
        await using var _ = app;

        var start = () => app.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Failures.Should().Equal(
            "Withings:Receiver:QueueCapacity: must be between 1 and 2147483647.",
            "Withings:Receiver:HandlerConcurrency: must be between 1 and 2147483647.",
            "Withings:Receiver:Retry:MaxAttempts: must be between 1 and 100.",
            "Withings:Receiver:DuplicateTimeToLive: must be at least 00:00:00.0000001.",
            "Withings:Receiver:Retry:BaseDelay: must be between 00:00:00 and 01:00:00.",
            "Withings:Receiver:AllowedNetworks: '10.0.0.0/33' is not a network in CIDR notation such as 192.0.2.0/24.",
            "Withings:Receiver:AllowedNetworks: 'not-a-network' is not a network in CIDR notation such as 192.0.2.0/24.");
    }

    [Test]
    public async Task Start_SecretWithSurroundingSpaces_FailsWithoutShowingTheSecret()
    {
        var app = ReceiverHost.Build(r => r.AddHandler((_, _, _) => Task.CompletedTask), o => o.CallbackSecret = " pasted-secret-4471 ");
        await using var _ = app;

        var start = () => app.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("Withings:Receiver:CallbackSecret: must be non-empty and have no leading or trailing spaces");
        failure.Message.Should().NotContain("pasted-secret-4471");
    }

    [Test]
    public async Task Start_AllowAnySenderWithoutSecretOrNetworks_LogsAWarningNamingTheSetting()
    {
        await using var host = await ReceiverHost.StartAsync(r => r.AddHandler((_, _, _) => Task.CompletedTask));

        host.Logs.GetSnapshot().Should().ContainSingle(l => l.Level == LogLevel.Warning && l.Message.Contains("Withings:Receiver:AllowAnySender", StringComparison.Ordinal))
            .Which.Message.Should().Contain("any sender");
    }

    [Test]
    public async Task Start_AllowAnySenderWithASecret_LogsNoWarning()
    {
        await using var host = await ReceiverHost.StartAsync(r => r.AddHandler((_, _, _) => Task.CompletedTask), o => o.CallbackSecret = "s3cret-value");

        host.Logs.GetSnapshot().Should().NotContain(l => l.Message.Contains("AllowAnySender", StringComparison.Ordinal));
    }

    [Test]
    public async Task Start_NoHandlerRegistered_FailsSayingWhatToCall()
    {
        var app = ReceiverHost.Build(_ => { });
        await using var _ = app;

        var start = () => app.StartAsync();

        await start.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("No IWithingsNotificationHandler is registered: call services.AddWithingsNotifications().AddReceiver().AddHandler<YourHandler>().");
    }

    [Test]
    public async Task MapWithingsNotifications_WithoutAddReceiver_FailsSayingWhatToCall()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddWithingsNotifications();
        await using var app = builder.Build();

        var map = () => app.MapWithingsNotifications();

        map.Should().Throw<InvalidOperationException>()
            .WithMessage("The Withings receiver is not registered: call services.AddWithingsNotifications().AddReceiver().AddHandler<YourHandler>() first.");
    }

    [Test]
    public void AddReceiver_CalledTwice_RegistersTheBackgroundServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddWithingsNotifications().AddReceiver();
        services.AddWithingsNotifications().AddReceiver(o => o.QueueCapacity = 5).AddHandler<NoOpHandler>();

        services.Count(d => d.ImplementationType?.Name == "DeliveryLoop").Should().Be(1);
        services.Where(d => d.ServiceType == typeof(IWithingsNotificationHandler)).Should().ContainSingle()
            .Which.ImplementationType.Should().Be<NoOpHandler>();
    }

    [Test]
    public void Options_FromConfiguration_BoundFromWithingsReceiverSection()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Withings:Receiver:QueueCapacity"] = "250",
                ["Withings:Receiver:HandlerConcurrency"] = "8",
                ["Withings:Receiver:DuplicateTimeToLive"] = "06:00:00",
                ["Withings:Receiver:AllowedNetworks:0"] = "198.51.100.0/24",
            })
            .Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWithingsNotifications().AddReceiver();

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<WithingsReceiverOptions>>().Value;

        options.QueueCapacity.Should().Be(250);
        options.HandlerConcurrency.Should().Be(8);
        options.DuplicateTimeToLive.Should().Be(TimeSpan.FromHours(6));
        options.AllowedNetworks.Should().Equal("198.51.100.0/24");
    }

    [Test]
    public void RetrySections_FromConfiguration_BindAttemptsAndDelayOfReceiverAndSyncApart()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Withings:Receiver:AllowAnySender"] = "true",
                ["Withings:Receiver:Retry:MaxAttempts"] = "7",
                ["Withings:Sync:Retry:BaseDelay"] = "00:00:30",
            })
            .Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWithingsNotifications().AddReceiver().AddSync<NoOpDataHandler>();

        using var provider = services.BuildServiceProvider();
        var receiver = provider.GetRequiredService<IOptions<WithingsReceiverOptions>>().Value.Retry;
        var sync = provider.GetRequiredService<IOptionsMonitor<WithingsSyncOptions>>().CurrentValue.Retry;

        // What a section does not set keeps that section's default: the handler's 5 attempts and 1 s, sync's 3 and 5 s.
        (receiver.MaxAttempts, receiver.BaseDelay).Should().Be((7, TimeSpan.FromSeconds(1)));
        (sync.MaxAttempts, sync.BaseDelay).Should().Be((3, TimeSpan.FromSeconds(30)));
    }

    private sealed class NoOpDataHandler : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoOpHandler : IWithingsNotificationHandler
    {
        public Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
