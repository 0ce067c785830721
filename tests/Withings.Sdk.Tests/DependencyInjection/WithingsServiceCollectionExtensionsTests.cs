using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.DependencyInjection;

/// <summary>AddWithingsNotifications() resolved from a real service collection.</summary>
public sealed class WithingsServiceCollectionExtensionsTests
{
    [Test]
    public void AddWithingsNotifications_BareCollection_ResolvesEveryService()
    {
        using var provider = new ServiceCollection().AddWithingsNotifications().Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IWithingsNotifyClient>().Should().BeOfType<WithingsNotifyClient>();
        provider.GetRequiredService<WithingsNotifyClient>().Should().NotBeNull();
        provider.GetRequiredService<NotificationParser>().Should().NotBeNull();
        provider.GetRequiredService<FetchPlanner>().Should().NotBeNull();
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
        provider.GetRequiredService<IOptionsMonitor<WithingsOptions>>().CurrentValue.ApiBaseAddress.Should().Be(new Uri("https://wbsapi.withings.net"));
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(WithingsBuilder.HttpClientName).BaseAddress.Should().Be(new Uri("https://wbsapi.withings.net"));
    }

    [Test]
    public void AddWithingsNotifications_CalledTwice_AddsNothingTheSecondTime()
    {
        var services = new ServiceCollection();
        var first = services.AddWithingsNotifications();
        var count = services.Count;

        var second = services.AddWithingsNotifications();

        services.Should().HaveCount(count);
        second.HttpClientBuilder.Should().BeSameAs(first.HttpClientBuilder);
        using var provider = services.BuildServiceProvider();
        provider.GetServices<IValidateOptions<WithingsOptions>>().Select(v => v.GetType().Name).Should().Equal("WithingsOptionsValidator", "WithingsOptionsCustomValidator");
        provider.GetServices<IWithingsNotifyClient>().Should().HaveCount(1);
    }

    [Test]
    public void AddWithingsNotifications_ConfigurationSection_BindsWithingsKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = "http://127.0.0.1:5000",
            ["Withings:Retry:MaxAttempts"] = "5",
            ["Withings:Retry:BaseDelay"] = "00:00:00.010",
            ["Withings:Notify:ValidateCallbackUrls"] = "false",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddWithingsNotifications();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WithingsOptions>>().Value;

        options.ApiBaseAddress.Should().Be(new Uri("http://127.0.0.1:5000"));
        options.Retry.MaxAttempts.Should().Be(5);
        options.Retry.BaseDelay.Should().Be(TimeSpan.FromMilliseconds(10));
        options.Notify.ValidateCallbackUrls.Should().BeFalse();
    }

    [Test]
    public void AddWithingsNotifications_ConfigurationReloaded_MonitorSeesNewValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Withings:Retry:MaxAttempts"] = "1" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddWithingsNotifications();
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<WithingsOptions>>();
        monitor.CurrentValue.Retry.MaxAttempts.Should().Be(1);

        configuration["Withings:Retry:MaxAttempts"] = "7";
        configuration.Reload();

        monitor.CurrentValue.Retry.MaxAttempts.Should().Be(7);
    }

    [Test]
    public void AddWithingsNotifications_ActionOverload_AppliesAfterConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Withings:Retry:MaxAttempts"] = "5" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddWithingsNotifications(o => o.Retry.MaxAttempts = 2);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<WithingsOptions>>().Value.Retry.MaxAttempts.Should().Be(2);
    }

    [Test]
    public void AddWithingsNotifications_ConfigurationOverload_BindsTheGivenSection()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Api:ApiBaseAddress"] = "https://wbsapi.us.withingsmed.net" }).Build().GetSection("Api");
        using var provider = new ServiceCollection().AddWithingsNotifications(section).Services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<WithingsOptions>>().Value.ApiBaseAddress.Should().Be(new Uri("https://wbsapi.us.withingsmed.net"));
    }

    [TestCase("Withings:Retry:MaxAttempts", "0", "Withings:Retry:MaxAttempts: must be between 1 and 2147483647.")]
    [TestCase("Withings:Retry:BaseDelay", "-00:00:01", "Withings:Retry:BaseDelay: must be at least 00:00:00.")]
    [TestCase("Withings:Retry:RateLimitWait", "-00:00:01", "Withings:Retry:RateLimitWait: must be between 00:00:00 and 01:00:00.")]
    [TestCase("Withings:Retry:RateLimitWait", "1.00:00:00", "Withings:Retry:RateLimitWait: must be between 00:00:00 and 01:00:00.")]
    [TestCase("Withings:ApiBaseAddress", "ftp://wbsapi.withings.net", "Withings:ApiBaseAddress: 'ftp://wbsapi.withings.net' is not an absolute http(s) URL, for example https://wbsapi.withings.net")]
    [TestCase("Withings:RateLimit:PermitsPerMinute", "0", "Withings:RateLimit:PermitsPerMinute: must be between 1 and 2147483647.")]
    [TestCase("Withings:Planning:Lookback", "00:00:00", "Withings:Planning:Lookback: must be between 00:00:00.0000001 and 366.00:00:00.")]
    [TestCase("Withings:Parser:MaxBodyBytes", "0", "Withings:Parser:MaxBodyBytes: must be more than 0")]
    public async Task HostStart_InvalidSetting_FailsNamingTheKey(string key, string value, string message)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddWithingsNotifications();
        using var host = builder.Build();

        var thrown = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        thrown.Which.Failures.Should().Equal(message);
    }

    [Test]
    public async Task HostStart_ValidSettings_Starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddWithingsNotifications();
        using var host = builder.Build();

        await host.StartAsync();

        await host.StopAsync();
        host.Services.GetRequiredService<IWithingsNotifyClient>().Should().NotBeNull();
    }

    [Test]
    public async Task HttpClientBuilder_PrimaryHandlerAdded_NotifyClientSendsThroughIt()
    {
        await using var api = await WithingsLookAlike.StartAsync();
        api.AddSubscription(new LookAlikeSubscription(api.Options.DefaultUserId, 44, "https://example.com/cb", "c"));
        var services = new ServiceCollection();
        services.AddWithingsNotifications(o => o.ApiBaseAddress = new Uri("https://wbsapi.us.withingsmed.net"))
            .ConfigureHttpClient(http => http.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
        using var provider = services.BuildServiceProvider();

        var profiles = await provider.GetRequiredService<IWithingsNotifyClient>().ListAsync("at-1");

        profiles.Should().ContainSingle().Which.Appli.Should().Be(NotificationCategory.Sleep);
        api.Requests.Single().IntendedUri().Should().Be(new Uri("https://wbsapi.us.withingsmed.net/notify"));
    }

    // Issue 8's executor adds its own typed client on the same named HttpClient.
    [Test]
    public void HttpClientBuilder_AnotherTypedClient_ResolvesBesideTheNotifyClient()
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications().HttpClientBuilder.AddTypedClient((http, _) => new OtherClient(http));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<OtherClient>().Http.BaseAddress.Should().Be(new Uri("https://wbsapi.withings.net"));
        provider.GetRequiredService<IWithingsNotifyClient>().Should().NotBeNull();
    }

    [Test]
    public void AddWithingsNotifications_NullArguments_Throw()
    {
        FluentActions.Invoking(() => ((IServiceCollection)null!).AddWithingsNotifications()).Should().Throw<ArgumentNullException>().WithParameterName("services");
        FluentActions.Invoking(() => new ServiceCollection().AddWithingsNotifications((Action<WithingsOptions>)null!)).Should().Throw<ArgumentNullException>().WithParameterName("configure");
        FluentActions.Invoking(() => new ServiceCollection().AddWithingsNotifications((IConfigurationSection)null!)).Should().Throw<ArgumentNullException>().WithParameterName("section");
    }

    private sealed class OtherClient(HttpClient http)
    {
        public HttpClient Http { get; } = http;
    }
}
