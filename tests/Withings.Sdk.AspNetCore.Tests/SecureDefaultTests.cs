using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// The endpoint is closed unless the user opens it deliberately, answers 404 to every method without the secret, and
/// is reachable by Withings whatever the application's authorization policy.
/// </summary>
public sealed class SecureDefaultTests : TemporaryStoreTest
{
    private const string Secret = "k7Qx2-callback-secret-9fW";

    [Test]
    public async Task Start_NeitherSecretNorNetworks_FailsNamingBothSettings()
    {
        var app = ReceiverHost.Build(r => r.AddHandler((_, _, _) => Task.CompletedTask), o => o.AllowAnySender = false);
        await using var _ = app;

        var start = () => app.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Failures.Should().ContainSingle().Which.Should()
            .Contain("CallbackSecret").And.Contain("AllowedNetworks").And.Contain("AllowAnySender = true");
    }

    [Test]
    public async Task Start_AllowAnySenderOrAllowedNetworks_Starts()
    {
        await using (await ReceiverHost.StartAsync(r => r.AddHandler((_, _, _) => Task.CompletedTask), o => o.AllowAnySender = true))
        {
        }

        await using var host = await ReceiverHost.StartAsync(
            r => r.AddHandler((_, _, _) => Task.CompletedTask),
            o =>
            {
                o.AllowAnySender = false;
                o.AllowedNetworks.Add("127.0.0.0/8");
            });
        using var response = await host.PostAsync(Payloads.SeedExample);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task ForgedUnlink_SecretBoundFromConfigurationAsDocumented_Returns404AndIsNotHandled()
    {
        // The documented set-up: the secret comes from configuration only (here as an environment variable would
        // give it), and AddReceiver() is called without code that could overwrite it with null.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:Receiver:CallbackSecret"] = Secret,
            ["Withings:Receiver:StorePath"] = StorePath,
        });
        var handler = new RecordingHandler();
        builder.Services.AddWithingsNotifications().AddReceiver().AddHandler(handler.HandleAsync);
        await using var app = builder.Build();
        app.MapWithingsNotifications();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TestTimeouts.Wait };

        using var forged = await client.PostAsync(new Uri("/withings/notify", UriKind.Relative), Form("userid=12345&appli=46&action=unlink"));
        using var genuine = await client.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), Form("userid=12345&appli=46&action=unlink"));

        forged.StatusCode.Should().Be(HttpStatusCode.NotFound);
        genuine.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.Should().BeOfType<UserProfileNotification>();
        await app.StopAsync();
        handler.Count.Should().Be(1, "only the request with the secret was handled");
    }

    [TestCase("PUT")]
    [TestCase("DELETE")]
    [TestCase("PATCH")]
    [TestCase("OPTIONS")]
    [TestCase("TRACE")]
    [TestCase("GET")]
    [TestCase("POST")]
    [TestCase("HEAD")]
    public async Task AnyMethod_WithoutTheSecret_Returns404(string method)
    {
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.CallbackSecret = Secret);

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/withings/notify"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.Allow.Should().BeEmpty();
    }

    [TestCase("PUT")]
    [TestCase("DELETE")]
    [TestCase("PATCH")]
    public async Task OtherMethod_WithTheSecret_Returns405(string method)
    {
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()), o => o.CallbackSecret = Secret);

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/withings/notify?secret=" + Secret));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET", "HEAD", "POST");
    }

    [Test]
    public async Task WithingsUrlCheck_AppRequiresAuthenticationEverywhere_StillAnswers200()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            o => o.CallbackSecret = Secret,
            services: s =>
            {
                s.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                s.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            beforeStart: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
            });
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress, Timeout = TestTimeouts.Wait };

        using var check = await noRedirects.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/withings/notify?secret=" + Secret));
        using var post = await noRedirects.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), Form(Payloads.SeedExample));
        using var elsewhere = await noRedirects.GetAsync(new Uri("/anything-else", UriKind.Relative));

        check.StatusCode.Should().Be(HttpStatusCode.OK);
        post.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.UserId.Should().Be(12345);
        elsewhere.StatusCode.Should().Be(HttpStatusCode.Redirect, "the policy applies to the rest of the application");
    }

    private static StringContent Form(string body) => new(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
}
