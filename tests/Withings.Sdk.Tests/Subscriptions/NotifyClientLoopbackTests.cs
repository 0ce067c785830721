using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Subscriptions;

/// <summary>The whole stack, from AddWithingsNotifications() through a real HttpClient to a real local server.</summary>
public sealed class NotifyClientLoopbackTests
{
    [Test]
    public async Task SubscribeThenList_RealServer_SendsFormAndBearerAndRetries601()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Enqueue("/notify", "subscribe", WithingsReply.Status(601), WithingsReply.Ok("{}"));
        server.Enqueue("/notify", "list", WithingsReply.Ok("""{"profiles":[{"appli":44,"callbackurl":"https://example.com/cb","comment":"nights","expires":null}]}"""));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new AutoAdvancingTimeProvider());
        services.AddWithingsNotifications(o => o.ApiBaseAddress = server.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IWithingsNotifyClient>();

        await client.SubscribeAsync("at-loopback", new Uri("https://example.com/cb"), NotificationCategory.Sleep, "nights");
        var profiles = await client.ListAsync("at-loopback", NotificationCategory.Sleep);

        profiles.Should().Equal(new NotifySubscription { Appli = NotificationCategory.Sleep, CallbackUrl = "https://example.com/cb", Comment = "nights" });
        server.Requests.Select(r => (r.Method, r.Path, r.QueryString, r.Headers["Authorization"], r.Headers["Content-Type"], r.Body)).Should().Equal(
            ("POST", "/notify", "", "Bearer at-loopback", "application/x-www-form-urlencoded", "action=subscribe&callbackurl=https:%2F%2Fexample.com%2Fcb&appli=44&comment=nights"),
            ("POST", "/notify", "", "Bearer at-loopback", "application/x-www-form-urlencoded", "action=subscribe&callbackurl=https:%2F%2Fexample.com%2Fcb&appli=44&comment=nights"),
            ("POST", "/notify", "", "Bearer at-loopback", "application/x-www-form-urlencoded", "action=list&appli=44"));
    }

    [Test]
    public async Task Subscribe_RealServerAnswers293_ThrowsWithStatusWithoutRetrying()
    {
        await using var server = await WithingsLookAlike.StartAsync();
        server.Enqueue("/notify", "subscribe", WithingsReply.Status(293, "Invalid Params"));
        var services = new ServiceCollection();
        services.AddWithingsNotifications(o => o.ApiBaseAddress = server.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IWithingsNotifyClient>().SubscribeAsync("at-loopback", new Uri("https://example.com/cb"), NotificationCategory.Weight);

        var thrown = await act.Should().ThrowAsync<WithingsApiException>();
        thrown.Which.Status.Should().Be(293);
        thrown.Which.WithingsError.Should().Be("Invalid Params");
        server.Requests.Should().HaveCount(1);
    }
}
