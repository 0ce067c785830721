using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.Testing.Tests;

/// <summary>The handler test of docs/testing.md, as written there.</summary>
public sealed class DocsExampleTests
{
    [Test]
    public async Task WeightNotification_FetchesTheWeight()
    {
        await using var withings = await WithingsLookAlike.StartAsync();
        var services = new ServiceCollection();
        services.AddWithingsNotifications(o => o.ApiBaseAddress = withings.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        // What Withings would post to your callback URL.
        var body = WithingsNotificationBody.Weight(12345,
            DateTimeOffset.FromUnixTimeSeconds(1530576000), DateTimeOffset.FromUnixTimeSeconds(1530698753));

        // Your handler's work: parse, plan, fetch (here with the SDK's own services).
        var notification = provider.GetRequiredService<NotificationParser>().Parse(body);
        var plan = provider.GetRequiredService<FetchPlanner>().Plan(notification);
        var results = await provider.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan, "any-access-token");

        Assert.That(results.Single().MeasureGroups.Single().Measures[0].Value, Is.EqualTo(72.00m));
        Assert.That(withings.Requests.Single().Action, Is.EqualTo("getmeas"));
    }
}
