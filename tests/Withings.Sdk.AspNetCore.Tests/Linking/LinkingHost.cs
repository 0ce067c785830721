using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests.Linking;

/// <summary>
/// An application as a user writes it, on real Kestrel (127.0.0.1, random port): cookie sign-in at
/// <c>/signin?user=…</c>, the linking endpoints at <c>/withings/link</c>, the SDK pointed at a
/// <see cref="WithingsLookAlike"/> whose authorization page stands in for Withings'. The clock is a
/// <see cref="FakeTimeProvider"/>, every log line is captured, and each <see cref="Browser"/> keeps its own cookies.
/// </summary>
internal sealed class LinkingHost : IAsyncDisposable
{
    public const string NotifyCallback = "https://app.example/withings/notify?secret=linking-tests-secret";

    private LinkingHost(WebApplication app, WithingsLookAlike withings, FakeTimeProvider clock)
    {
        App = app;
        Withings = withings;
        Clock = clock;
        Address = new Uri(app.Urls.Single());
    }

    public WebApplication App { get; }

    public WithingsLookAlike Withings { get; }

    public FakeTimeProvider Clock { get; }

    public Uri Address { get; }

    public ConcurrentQueue<WithingsUserLinked> Linked { get; } = new();

    public ConcurrentQueue<string> Bodies { get; } = new();

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public IWithingsTokenStore Tokens => App.Services.GetRequiredService<IWithingsTokenStore>();

    public static async Task<LinkingHost> StartAsync(
        Action<WithingsLinkingOptions>? linking = null,
        Action<WithingsLinkingBuilder>? builder = null,
        Action<IServiceCollection>? services = null,
        Func<WithingsUserLinked, Task>? onLinked = null,
        WithingsLookAlikeOptions? lookAlike = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1709380800));
        var withingsOptions = lookAlike ?? new WithingsLookAlikeOptions { AcceptAnyAccessToken = false };
        withingsOptions.TimeProvider = clock;
        var withings = await WithingsLookAlike.StartAsync(withingsOptions);
        LinkingHost? host = null;

        var app = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        app.WebHost.UseUrls("http://127.0.0.1:0");
        app.Logging.ClearProviders();
        app.Logging.SetMinimumLevel(LogLevel.Trace);
        app.Logging.AddFakeLogging();
        app.Services.AddSingleton<TimeProvider>(clock);
        InMemoryKeyRing.AddTo(app.Services);
        app.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        app.Services.AddAuthorization();
        services?.Invoke(app.Services);
        var linkingBuilder = app.Services.AddWithingsNotifications(o =>
        {
            o.ApiBaseAddress = withings.BaseAddress;
            o.ClientId = withings.Options.ClientId;
            o.ClientSecret = withings.Options.ClientSecret;
            o.OAuth.AuthorizeEndpoint = withings.AuthorizeEndpoint;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Notify.SubscribeSpacing = TimeSpan.Zero;
        }).AddLinking(o =>
        {
            o.CallbackUrl = new Uri(NotifyCallback);
            o.Categories = [NotificationCategory.Weight, NotificationCategory.Sleep];
            linking?.Invoke(o);
        }).OnUserLinked(async (linked, _) =>
        {
            host!.Linked.Enqueue(linked);
            if (onLinked is not null)
            {
                await onLinked(linked);
            }
        });
        builder?.Invoke(linkingBuilder);

        var web = app.Build();
        web.UseAuthentication();
        web.UseAuthorization();

        // A stand-in for the application's own sign-in.
        web.MapGet("/signin", async context =>
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, context.Request.Query["user"].ToString())], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(new ClaimsPrincipal(identity));
        });
        web.MapWithingsLinking();
        await web.StartAsync();
        host = new LinkingHost(web, withings, clock);
        return host;
    }

    /// <summary>A browser of one person: its own cookies, redirects followed one at a time.</summary>
    public async Task<Browser> SignInAsync(string? user)
    {
        var browser = new Browser(this);
        if (user is not null)
        {
            (await browser.GetAsync(new Uri(Address, "/signin?user=" + Uri.EscapeDataString(user)))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Withings.DisposeAsync();
    }

    /// <summary>One answer: its status, where it redirects, its body.</summary>
    public sealed record Page(HttpStatusCode StatusCode, Uri? Location, string Body, string? ContentType);

    public sealed class Browser : IDisposable
    {
        private readonly LinkingHost _host;
        private readonly HttpClient _client;

        public Browser(LinkingHost host)
        {
            _host = host;
            _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { Timeout = TestTimeouts.Wait };
        }

        public async Task<Page> GetAsync(Uri url)
        {
            using var response = await _client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            _host.Bodies.Enqueue(body);
            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(url, l)) : null;
            return new Page(response.StatusCode, location, body, response.Content.Headers.ContentType?.ToString());
        }

        /// <summary>The connect endpoint, then Withings' (the look-alike's) page: the redirect back to the callback, not yet followed.</summary>
        public async Task<Uri> AuthorizeAsync(string query = "")
        {
            var connect = await GetAsync(new Uri(_host.Address, "/withings/link/connect" + query));
            connect.StatusCode.Should().Be(HttpStatusCode.Found, connect.Body);
            var authorize = await GetAsync(connect.Location!);
            authorize.StatusCode.Should().Be(HttpStatusCode.Found, authorize.Body);
            return authorize.Location!;
        }

        /// <summary>The whole link: connect, authorize, callback.</summary>
        public async Task<Page> LinkAsync(string query = "") => await GetAsync(await AuthorizeAsync(query));

        public void Dispose() => _client.Dispose();
    }
}
