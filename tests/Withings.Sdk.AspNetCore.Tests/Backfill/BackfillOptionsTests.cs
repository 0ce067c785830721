using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests.Backfill;

/// <summary><c>Withings:Sync:Backfill</c>: bound from configuration, and each wrong value refused naming its key.</summary>
public sealed class BackfillOptionsTests
{
    [Test]
    public void Options_bind_from_the_section_with_their_defaults_otherwise()
    {
        var options = Resolve(new() { ["Withings:Sync:Backfill:OnLink"] = "false", ["Withings:Sync:Backfill:Lookback"] = "90.00:00:00", ["Withings:Sync:Backfill:Categories:0"] = "44" });

        options.OnLink.Should().BeFalse();
        options.Lookback.Should().Be(TimeSpan.FromDays(90));
        options.Categories.Should().Equal(NotificationCategory.Sleep);
        options.Intraday.Should().BeTrue();
        Resolve([]).Should().BeEquivalentTo(new { OnLink = true, Lookback = TimeSpan.FromDays(30), Categories = Array.Empty<NotificationCategory>(), Intraday = true });
    }

    [TestCase("Withings:Sync:Backfill:Lookback", "00:00:00", "Withings:Sync:Backfill:Lookback")]
    [TestCase("Withings:Sync:Backfill:Lookback", "3661.00:00:00", "Withings:Sync:Backfill:Lookback")]
    [TestCase("Withings:Sync:Backfill:Categories:0", "46", "Withings:Sync:Backfill:Categories: 46 cannot be backfilled")]
    [TestCase("Withings:Sync:Backfill:Categories:0", "50", "Withings:Sync:Backfill:Categories: 50 cannot be backfilled")]
    public void Wrong_value_is_refused_naming_its_key(string key, string value, string message)
    {
        var resolve = () => Resolve(new() { [key] = value });

        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(message);
    }

    private static WithingsBackfillOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddWithingsNotifications().AddReceiver(o => o.CallbackSecret = "backfill-options-tests").UseInMemoryQueue()
            .AddSync<Sync.RecordingDataHandler>().AddBackfill();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WithingsBackfillOptions>>().Value;
    }
}
