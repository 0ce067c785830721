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
            o.ClaimIdleTime = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        // Reading the options validates them; nothing connects to Redis.
        var read = () => provider.GetRequiredService<IOptions<WithingsRedisOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Withings:Redis:KeyPrefix: is required.",
            "Withings:Redis:ClaimIdleTime: must be at least 00:00:00.0000001.");
    }

    [Test]
    public void ConsumerNameTooLong_FailsNamingTheKey()
    {
        var options = new WithingsRedisOptions { ConnectionString = "127.0.0.1:6379", ConsumerName = new string('c', 201) };

        var result = new WithingsRedisOptionsValidator().Validate(null, options);

        result.Failures.Should().Equal("Withings:Redis:ConsumerName: must be a string with a minimum length of 1 and a maximum length of 200.");
    }
}
