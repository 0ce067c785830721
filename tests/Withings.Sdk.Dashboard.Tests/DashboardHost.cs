using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.Testing;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Dashboard.Tests;

/// <summary>
/// A live receiver on real Kestrel (127.0.0.1, a free port) with its durable store in a temp file, the Withings API
/// pointed at a <see cref="WithingsLookAlike"/>, the subscription reconciler, and the dashboard at
/// <see cref="DashboardPath"/> behind the policy <see cref="Policy"/>: a request is signed in when it carries the
/// header <see cref="UserHeader"/>, and is in the policy when it carries <see cref="RoleHeader"/>: <c>withings-admin</c>.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    public const string DashboardPath = "/withings/admin";
    public const string Policy = "WithingsAdmin";
    public const string UserHeader = "X-Test-User";
    public const string RoleHeader = "X-Test-Role";
    public const string AdminRole = "withings-admin";

    private readonly string _storePath;

    private DashboardHost(WebApplication app, WithingsLookAlike lookAlike, string storePath)
    {
        App = app;
        LookAlike = lookAlike;
        _storePath = storePath;
        Address = new Uri(app.Urls.Single());
        Anonymous = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public WithingsLookAlike LookAlike { get; }

    public Uri Address { get; }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>The users whose notifications the handler fails (and so dead-letters, with one attempt).</summary>
    public ConcurrentDictionary<long, bool> Failing => App.Services.GetRequiredService<FailingUsers>().Users;

    public Uri Page(string page) => new(Address, DashboardPath + "/" + page);

    /// <summary>Starts the receiver with the given users linked: a token pair each, at the look-alike and in the token store.</summary>
    public static async Task<DashboardHost> StartAsync(params long[] users)
    {
        var lookAlike = await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { AcceptAnyAccessToken = false });
        var storePath = TestTemp.NewStorePath();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = lookAlike.BaseAddress.AbsoluteUri,
            ["Withings:ClientId"] = lookAlike.Options.ClientId,
            ["Withings:ClientSecret"] = lookAlike.Options.ClientSecret,
            ["Withings:Retry:MaxAttempts"] = "1",
            ["Withings:Notify:ValidateCallbackUrls"] = "false",
            ["Withings:Notify:SubscribeSpacing"] = "00:00:00",
            ["Withings:Receiver:StorePath"] = storePath,
            ["Withings:Receiver:AllowAnySender"] = "true",
            ["Withings:Receiver:Retry:MaxAttempts"] = "1",
            ["Withings:Receiver:Retry:BaseDelay"] = "00:00:00",
            ["Withings:Reconciler:CallbackUrl"] = "http://127.0.0.1/withings/notify",
            ["Withings:Reconciler:Categories:0"] = "Weight",
            ["Withings:Reconciler:Categories:1"] = "Sleep",

            // The tests run each pass themselves.
            ["Withings:Reconciler:InitialDelay"] = "1.00:00:00",
        });

        var tokens = new InMemoryWithingsTokenStore();
        foreach (var user in users)
        {
            lookAlike.AddUser(user, AccessToken(user), RefreshToken(user));
            await tokens.SaveAsync(new WithingsTokenPair(user, AccessToken(user), RefreshToken(user), DateTimeOffset.UtcNow.AddDays(30), "user.metrics,user.activity"), CancellationToken.None);
        }

        builder.Services.AddSingleton<IWithingsTokenStore>(tokens);
        builder.Services.AddSingleton<FailingUsers>();
        builder.Services.AddAuthentication(HeaderAuthentication.Name).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        builder.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireRole(AdminRole)));
        builder.Services.AddAntiforgery();
        var withings = builder.Services.AddWithingsNotifications();
        withings.AddReceiver().AddHandler<FetchingHandler>();
        withings.AddSubscriptionReconciler();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapWithingsNotifications("/withings/notify");
        app.MapWithingsDashboard(DashboardPath, o => o.AuthorizationPolicy = Policy);
        await app.StartAsync();
        return new DashboardHost(app, lookAlike, storePath);
    }

    public static string AccessToken(long user) => "access-secret-" + user;

    public static string RefreshToken(long user) => "refresh-secret-" + user;

    /// <summary>Posts a notification as Withings does: a form body, answered 200 once queued.</summary>
    public async Task PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await Anonymous.PostAsync(new Uri("/withings/notify", UriKind.Relative), content);
        response.IsSuccessStatusCode.Should().BeTrue("the receiver acknowledges a notification at once");
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await LookAlike.DisposeAsync();
        TestTemp.DeleteStore(_storePath);
    }

    /// <summary>The users the handler fails, shared with the test.</summary>
    internal sealed class FailingUsers
    {
        public ConcurrentDictionary<long, bool> Users { get; } = new();
    }

    /// <summary>Fetches each notification's data from the look-alike; fails for the users the test named.</summary>
    internal sealed class FetchingHandler(IWithingsDataClient withings, FailingUsers failing) : IWithingsNotificationHandler
    {
        public async Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken)
        {
            if (notification.UserId is { } user && failing.Users.ContainsKey(user))
            {
                throw new InvalidOperationException("The application's database is down (a test's failure).");
            }

            foreach (var result in await withings.ExecuteAsync(plan, cancellationToken))
            {
                if (result.Error is { } error)
                {
                    throw error;
                }
            }
        }
    }

    /// <summary>Signs a request in from two headers: the user's name and a role.</summary>
    internal sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "TestHeader";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var user) || string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.Name, user.ToString()) };
            if (Request.Headers.TryGetValue(RoleHeader, out var role))
            {
                claims.Add(new Claim(ClaimTypes.Role, role.ToString()));
            }

            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Name)), Name)));
        }
    }
}
