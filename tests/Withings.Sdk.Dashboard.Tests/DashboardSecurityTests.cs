using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Dashboard.Tests;

/// <summary>
/// Secure by default: mapping the dashboard without a policy fails at startup unless it is restricted to loopback;
/// anonymous requests get 401, users outside the policy 403; a forwarded request is not taken for a local one; a post
/// without the antiforgery token changes nothing.
/// </summary>
[TestFixture]
public sealed class DashboardSecurityTests
{
    private static readonly string[] Pages = ["", "notifications", "notifications?user=1001", "dead-letters", "users"];

    [Test]
    public async Task Mapping_WithoutAPolicyOrLoopback_ThrowsAtStartup()
    {
        await using var app = Build(services => services.AddAntiforgery());

        var mapping = () => app.MapWithingsDashboard("/withings/admin");

        mapping.Should().Throw<InvalidOperationException>().WithMessage("*authorization policy*RestrictToLoopback*");
    }

    [Test]
    public async Task Mapping_WithAPolicyThatIsNotRegistered_ThrowsAtStartup()
    {
        await using var app = Build(services => services.AddAntiforgery().AddAuthorization());

        var mapping = () => app.MapWithingsDashboard("/withings/admin", o => o.AuthorizationPolicy = "Typo");

        mapping.Should().Throw<InvalidOperationException>().WithMessage("*'Typo'*not registered*");
    }

    [Test]
    public async Task Mapping_WithoutAntiforgery_ThrowsAtStartup()
    {
        await using var app = Build(_ => { });

        var mapping = () => app.MapWithingsDashboard("/withings/admin", o => o.RestrictToLoopback = true);

        mapping.Should().Throw<InvalidOperationException>().WithMessage("*AddAntiforgery*");
    }

    [Test]
    public async Task AnonymousRequests_AreRefusedWith401_OnEveryPageAndAction()
    {
        await using var host = await DashboardHost.StartAsync(1001);

        foreach (var page in Pages)
        {
            using var response = await host.Anonymous.GetAsync(host.Page(page));
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"page '{page}' needs the policy");
        }

        foreach (var action in new[] { "dead-letters/replay", "dead-letters/purge" })
        {
            using var content = new FormUrlEncodedContent([]);
            using var response = await host.Anonymous.PostAsync(host.Page(action), content);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"action '{action}' needs the policy");
        }
    }

    [Test]
    public async Task SignedInUserOutsideThePolicy_IsForbidden()
    {
        await using var host = await DashboardHost.StartAsync(1001);
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Page(string.Empty));
        request.Headers.Add(DashboardHost.UserHeader, "someone");
        request.Headers.Add(DashboardHost.RoleHeader, "reader");

        using var response = await host.Anonymous.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Purge_WithoutTheAntiforgeryToken_IsRefused_AndKeepsTheDeadLetter()
    {
        await using var host = await DashboardHost.StartAsync(2002);
        host.Failing[2002] = true;
        await host.PostAsync("userid=2002&appli=1&startdate=1530576000&enddate=1530698753");
        var store = host.App.Services.GetRequiredService<IWithingsDeadLetterStore>();
        await WaitForAsync(async () => (await store.ListAsync(CancellationToken.None)).Count == 1);

        using var request = new HttpRequestMessage(HttpMethod.Post, host.Page("dead-letters/purge")) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(DashboardHost.UserHeader, "operator");
        request.Headers.Add(DashboardHost.RoleHeader, DashboardHost.AdminRole);
        using var response = await host.Anonymous.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await store.ListAsync(CancellationToken.None)).Should().HaveCount(1);
    }

    [Test]
    public async Task RestrictToLoopback_ServesThisMachine_AndRefusesForwardedRequests()
    {
        await using var app = Build(services => services.AddAntiforgery());
        app.MapWithingsDashboard("/withings/admin", o => o.RestrictToLoopback = true);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var local = await client.GetAsync(new Uri("/withings/admin/", UriKind.Relative));
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, new Uri("/withings/admin/", UriKind.Relative));
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var proxied = await client.SendAsync(forwarded);

        local.StatusCode.Should().Be(HttpStatusCode.OK);
        (await local.Content.ReadAsStringAsync()).Should().Contain("Withings receiver");
        proxied.StatusCode.Should().Be(HttpStatusCode.NotFound);
        await app.StopAsync();
    }

    private static WebApplication Build(Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services(builder.Services);
        builder.Services.AddWithingsNotifications().AddReceiver(o =>
        {
            o.StorePath = TestTemp.NewStorePath();
            o.AllowAnySender = true;
        }).AddHandler((_, _, _) => Task.CompletedTask);
        return builder.Build();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(limit, "the condition should hold by then");
            await Task.Delay(20);
        }
    }
}
