using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.Redis.Tests;

/// <summary>The Redis settings are checked at start, each failure naming its configuration key.</summary>
public sealed class RedisOptionsTests
{
    [Test]
    public void InvalidSettings_FailNamingEachConfigurationKey()
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications().UseRedis("127.0.0.1:6379", configure: o =>
        {
            o.KeyPrefix = string.Empty;
            o.MaxDeliveries = 5;
        });
        using var provider = services.BuildServiceProvider();

        // Reading the options validates them; nothing connects to Redis.
        var read = () => provider.GetRequiredService<IOptions<WithingsRedisOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Withings:Redis:KeyPrefix: is required.");
    }

    [Test]
    public void ConsumerNameTooLong_FailsNamingTheKey()
    {
        var options = new WithingsRedisOptions { ConnectionString = "127.0.0.1:6379", ConsumerName = new string('c', 201) };

        var result = new WithingsRedisOptionsValidator().Validate(null, options);

        result.Failures.Should().Equal("Withings:Redis:ConsumerName: must be a string with a minimum length of 1 and a maximum length of 200.");
    }

    [Test]
    public void Defaults_AreValid_AndTakeADeadInstancesEntriesOverWithin60Seconds()
    {
        var options = Resolve(_ => { });
        options.HeartbeatInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.HeartbeatTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.MaxDeliveries.Should().Be(5);

        // The documented bound: unchanged for the timeout, first seen up to one interval after the last beat, and
        // looked at once per interval.
        (options.HeartbeatTimeout + (2 * options.HeartbeatInterval)).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
    }

    [TestCase("HeartbeatTimeout", "Withings:Redis:HeartbeatTimeout: must be at least twice")]
    [TestCase("HeartbeatInterval", "HeartbeatInterval")]
    [TestCase("MaxDeliveries", "MaxDeliveries")]
    public void InvalidSetting_StopsTheStart_NamingIt(string setting, string message)
    {
        var act = () => Resolve(o =>
        {
            switch (setting)
            {
                case "HeartbeatTimeout":
                    o.HeartbeatTimeout = TimeSpan.FromSeconds(9);
                    break;
                case "HeartbeatInterval":
                    o.HeartbeatInterval = TimeSpan.Zero;
                    break;
                default:
                    o.MaxDeliveries = 0;
                    break;
            }
        });

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(message);
    }

    private static WithingsRedisOptions Resolve(Action<WithingsRedisOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddWithingsNotifications().UseRedis("127.0.0.1:1", configure: configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WithingsRedisOptions>>().Value;
    }
}
