using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Withings.Sdk.Tests.RateLimiting;

/// <summary>A limiter of the application's own, without the SDK's controls: the 601 hold is kept in front of it.</summary>
public sealed class ForeignRateLimitControlTests
{
    [Test]
    public async Task Hold_InFrontOfAForeignLimiter_NothingReachesItUntilTheHoldEnds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero));
        using var foreign = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 10, QueueLimit = 10 });
        var control = new ForeignRateLimitControl(foreign, clock);

        await control.HoldAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        var waiting = control.AcquireAsync(WithingsRequestPriority.TokenRefresh, CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromSeconds(59.9));
        var grantedDuringTheHold = waiting.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(0.1));

        grantedDuringTheHold.Should().BeFalse("not even a token refresh passes a hold");
        using var lease = await waiting.WaitAsync(TimeSpan.FromMinutes(2));
        lease.IsAcquired.Should().BeTrue();
        foreign.GetStatistics()!.TotalSuccessfulLeases.Should().Be(1, "the permit then comes from the application's limiter");
    }

    [Test]
    public void UseRateLimiter_ForeignLimiter_IsWrappedAndTheSdksOwnIsItsOwnControl()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddWithingsNotifications();
        using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IWithingsRateLimitControl>().Should().BeSameAs(provider.GetRequiredKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey));
        }

        services.AddWithingsNotifications().UseRateLimiter(_ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 }));
        using var custom = services.BuildServiceProvider();

        custom.GetRequiredService<IWithingsRateLimitControl>().Should().BeOfType<ForeignRateLimitControl>();
    }
}
