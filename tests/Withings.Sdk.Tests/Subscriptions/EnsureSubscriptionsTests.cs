using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Subscriptions;

/// <summary>
/// EnsureSubscriptionsAsync through the whole stack (AddWithingsNotifications, a real HttpClient) against the
/// loopback Notify look-alike, on a fake clock that records every wait.
/// </summary>
public sealed class EnsureSubscriptionsTests
{
    private const long UserId = 363;
    private const string Token = "at-363";
    private static readonly Uri Callback = new("https://example.com/withings/notify?secret=s3cr3t");
    private static readonly NotificationCategory[] Four =
        [NotificationCategory.Weight, NotificationCategory.BloodPressure, NotificationCategory.Activity, NotificationCategory.Sleep];

    private static async Task<Setup> StartAsync(Action<WithingsNotifyOptions>? notify = null)
    {
        var clock = new AutoAdvancingTimeProvider();
        var withings = await LookAlikes.StartStrictAsync(clock);
        withings.AddUser(UserId, Token, "rt-363");
        var server = withings;
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddWithingsNotifications(o =>
        {
            o.ApiBaseAddress = server.BaseAddress;
            notify?.Invoke(o.Notify);
        });
        return new Setup(server, withings, services.BuildServiceProvider(), clock);
    }

    private sealed record Setup(WithingsLookAlike Server, WithingsLookAlike Withings, ServiceProvider Services, AutoAdvancingTimeProvider Clock) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static IReadOnlyList<string?> Actions(WithingsLookAlike server) =>
        [.. server.Requests.Select(c => c.Form.GetValueOrDefault("action"))];

    [Test]
    public async Task Ensure_RunTwice_SecondRunListsAndSubscribesNothing()
    {
        await using var setup = await StartAsync();
        var (server, withings, services, _) = setup;
        var client = services.GetRequiredService<IWithingsNotifyClient>();

        var first = await client.EnsureSubscriptionsAsync(Token, Callback, Four);
        var afterFirst = server.Requests.Count;
        var second = await client.EnsureSubscriptionsAsync(Token, Callback, Four);

        first.Subscribed.Should().Equal(Four);
        first.Kept.Should().BeEmpty();
        second.Kept.Should().Equal(Four);
        second.Subscribed.Should().BeEmpty();
        second.Succeeded.Should().BeTrue();
        Actions(server).Should().Equal("list", "subscribe", "subscribe", "subscribe", "subscribe", "list");
        server.Requests.Skip(afterFirst).Should().ContainSingle().Which.Form["action"].Should().Be("list");
        withings.SubscriptionsOf(UserId).Should().HaveCount(4, "no duplicate was created");
    }

    [Test]
    public async Task Ensure_Prune_RevokesOnlyThisCallbacksOtherCategories()
    {
        await using var setup = await StartAsync();
        var (server, withings, services, _) = setup;
        withings.AddSubscription(new LookAlikeSubscription(UserId, 1, Callback.OriginalString, "earlier"));
        withings.AddSubscription(new LookAlikeSubscription(UserId, 16, Callback.OriginalString, "earlier"));
        withings.AddSubscription(new LookAlikeSubscription(UserId, 44, Callback.OriginalString, "earlier"));
        withings.AddSubscription(new LookAlikeSubscription(UserId, 16, "https://other.example.com/hook", "earlier"));
        var client = services.GetRequiredService<IWithingsNotifyClient>();

        var result = await client.EnsureSubscriptionsAsync(Token, Callback, [NotificationCategory.Weight, NotificationCategory.BloodPressure], prune: true);

        result.Kept.Should().Equal(NotificationCategory.Weight);
        result.Subscribed.Should().Equal(NotificationCategory.BloodPressure);
        result.Revoked.Should().Equal(NotificationCategory.Activity, NotificationCategory.Sleep);
        withings.SubscriptionsOf(UserId).Select(s => (s.Appli, s.CallbackUrl)).Should().BeEquivalentTo(new[]
        {
            (1, Callback.OriginalString),
            (4, Callback.OriginalString),
            (16, "https://other.example.com/hook"),
        });
        server.Requests.Where(c => c.Form["action"] == "revoke").Select(c => (c.Form["callbackurl"], c.Form["appli"]))
            .Should().Equal((Callback.OriginalString, "16"), (Callback.OriginalString, "44"));
    }

    [Test]
    public async Task Ensure_WithoutPrune_LeavesOtherCategoriesAlone()
    {
        await using var setup = await StartAsync();
        var (server, withings, services, _) = setup;
        withings.AddSubscription(new LookAlikeSubscription(UserId, 44, Callback.OriginalString, "earlier"));

        var result = await services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(Token, Callback, [NotificationCategory.Weight]);

        result.Revoked.Should().BeEmpty();
        withings.SubscriptionsOf(UserId).Select(s => s.Appli).Should().BeEquivalentTo([44, 1]);
        Actions(server).Should().NotContain("revoke");
    }

    [Test]
    public async Task Ensure_293ThenSuccess_IsRetriedWithBackoffAndReportedSubscribed()
    {
        await using var setup = await StartAsync(n =>
        {
            n.SubscribeSpacing = TimeSpan.Zero;
            n.CallbackCheckRetryDelay = TimeSpan.FromSeconds(10);
        });
        var (server, withings, services, clock) = setup;
        withings.FailCallbackCheck(2);

        var result = await services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(Token, Callback, [NotificationCategory.Sleep]);

        result.Outcomes.Should().Equal(new SubscriptionOutcome(NotificationCategory.Sleep, SubscriptionOutcomeKind.Subscribed));
        Actions(server).Should().Equal("list", "subscribe", "subscribe", "subscribe");
        clock.Delays.Should().Equal(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        withings.SubscriptionsOf(UserId).Select(s => (s.Appli, s.CallbackUrl)).Should().Equal((44, Callback.OriginalString));
    }

    [Test]
    public async Task Ensure_293PastTheRetries_ReportsThatCategoryFailedAndGoesOn()
    {
        await using var setup = await StartAsync(n =>
        {
            n.SubscribeSpacing = TimeSpan.Zero;
            n.CallbackCheckRetries = 1;
        });
        var (server, withings, services, _) = setup;
        withings.FailCallbackCheck(2);

        var result = await services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(Token, Callback, [NotificationCategory.Sleep, NotificationCategory.Weight]);

        result.Failed.Should().Equal(NotificationCategory.Sleep);
        result.Subscribed.Should().Equal(NotificationCategory.Weight);
        result.Succeeded.Should().BeFalse();
        var error = result.Outcomes[0].Error!;
        error.Status.Should().Be(293);
        error.Message.Should().NotContain("s3cr3t");
        Actions(server).Should().Equal("list", "subscribe", "subscribe", "subscribe");
    }

    [Test]
    public async Task Ensure_Spacing_EverySubscribeWaitsTheSpacingAfterThePrevious()
    {
        var spacing = TimeSpan.FromSeconds(5);
        await using var setup = await StartAsync(n => n.SubscribeSpacing = spacing);
        var (_, withings, services, clock) = setup;

        await services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(Token, Callback, Four);

        IReadOnlyList<DateTimeOffset> times = [.. withings.Requests.Where(r => r.Action == "subscribe").Select(r => r.ReceivedAt)];
        times.Should().HaveCount(4);
        times.Zip(times.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => gap >= spacing);
        clock.Delays.Should().Equal(spacing, spacing, spacing);
    }

    [Test]
    public async Task Ensure_Appli53_IsRefusedBeforeAnyRequest()
    {
        await using var setup = await StartAsync();
        var (server, _, services, _) = setup;

        var act = () => services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(Token, Callback, [NotificationCategory.NoAccountAssociated]);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("categories");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Ensure_TokenRefused_ThrowsTheListFailureWithoutSubscribing()
    {
        await using var setup = await StartAsync();
        var (server, _, services, _) = setup;

        var act = () => services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync("at-unknown", Callback, Four);

        (await act.Should().ThrowAsync<WithingsApiException>()).Which.Family.Should().Be(WithingsStatusFamily.AuthenticationFailed);
        Actions(server).Should().Equal("list");
    }
}
