using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis.Tests;

/// <summary>One receiver store per application: choosing the same one again is harmless, choosing two is an error.</summary>
internal sealed class StoreChoiceTests
{
    private const string Endpoint = "127.0.0.1:1";

    [Test]
    public void UseRedisTwice_RegistersTheStoreAndItsHealthCheckOnce()
    {
        var services = new ServiceCollection();
        var withings = services.AddWithingsNotifications();
        withings.UseRedis(Endpoint);
        withings.UseRedis(Endpoint);
        withings.AddReceiver(o => o.AllowAnySender = true);

        services.Count(d => d.ServiceType == typeof(IWithingsReceiverStore)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Count(r => r.Name == "withings-redis").Should().Be(1);
    }

    [Test]
    public void UseInMemoryQueueTwice_ChoosesTheInMemoryStoreOnce()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var receiver = services.AddWithingsNotifications().AddReceiver(o => o.AllowAnySender = true);
        receiver.UseInMemoryQueue();
        receiver.UseInMemoryQueue();

        services.Count(d => d.ServiceType == typeof(IWithingsReceiverStore)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IWithingsReceiverStore>().GetStatus().Backend.Should().Be("memory");
    }

    [Test]
    public void UseInMemoryQueue_AfterUseRedis_ThrowsNamingBoth()
    {
        var services = new ServiceCollection();
        var withings = services.AddWithingsNotifications();
        withings.UseRedis(Endpoint);
        var receiver = withings.AddReceiver(o => o.AllowAnySender = true);

        var choose = () => receiver.UseInMemoryQueue();

        choose.Should().Throw<InvalidOperationException>()
            .Which.Message.Should().Contain("UseRedis").And.Contain("UseInMemoryQueue()").And.Contain("'redis'").And.Contain("'memory'");
    }

    [Test]
    public void UseRedis_AfterUseInMemoryQueue_ThrowsNamingBoth()
    {
        var services = new ServiceCollection();
        var withings = services.AddWithingsNotifications();
        withings.AddReceiver(o => o.AllowAnySender = true).UseInMemoryQueue();

        var choose = () => withings.UseRedis(Endpoint);

        choose.Should().Throw<InvalidOperationException>()
            .Which.Message.Should().Contain("UseRedis").And.Contain("UseInMemoryQueue()");
    }

    [Test]
    public void UseRedisWithoutTheReceiverStore_LeavesTheDefaultStore_AndAnInMemoryChoiceStands()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var withings = services.AddWithingsNotifications();
        withings.UseRedis(Endpoint, WithingsRedisFeatures.RateLimiter);
        withings.AddReceiver(o => o.AllowAnySender = true).UseInMemoryQueue();

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IWithingsReceiverStore>().GetStatus().Backend.Should().Be("memory");
    }
}
