using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.Example.AspNetCore;

// Users link their Withings account at /withings/link/connect; the app keeps their token pair and subscribes them.
// Withings then POSTs a small form to your callback URL when a user has new data. The receiver acknowledges it at once,
// then calls PrintNewData in the background with the typed notification and the plan of calls that fetch its data.
// appsettings.json and the receiver's store (withings-receiver.db) are beside the app, wherever it is started from.
// --offline keeps a store of its own there (withings-offline.db), emptied at each start.
// --offline runs it all against a Withings look-alike on this machine (Offline.cs): no account, no network.
var offline = args.Contains("--offline");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args.Where(a => a != "--offline")], ContentRootPath = AppContext.BaseDirectory });
// ASP.NET Core's request log prints each URL with its query string, and so the ?secret=…: keep it at Warning.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
await using var lookAlike = offline ? await Offline.UseLookAlikeAsync(builder) : null;

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
// The dashboard's policy: only the user signed in as "admin" (a stand-in for your own operators' role).
builder.Services.AddAuthorization(o => o.AddPolicy("WithingsAdmin", p => p.RequireClaim(ClaimTypes.NameIdentifier, "admin")));
builder.Services.AddAntiforgery(); // the dashboard's replay and purge buttons post with an antiforgery token
var withings = builder.Services.AddWithingsNotifications(); // Withings:ClientId, Withings:ClientSecret
withings.AddReceiver().AddHandler<PrintNewData>();          // Withings:Receiver:CallbackSecret
withings.AddLinking().OnUserLinked<RememberLinkedUser>();   // Withings:Linking:CallbackUrl and :Categories

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
// A stand-in for your own sign-in: whoever opens /signin?user=alice is alice.
app.MapGet("/signin", (string user, HttpContext context) =>
    context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], "example"))));
app.MapWithingsLinking("/withings/link");        // register https://your.host/withings/link/callback at Withings
app.MapWithingsNotifications("/withings/notify"); // subscribe https://your.host/withings/notify?secret=<the secret>
// The operator's window on notifications, dead letters and users: on a development machine (and offline) to this
// machine only, without signing in; elsewhere to the admin (/signin?user=admin first).
app.MapWithingsDashboard("/withings/admin", o =>
{
    if (app.Environment.IsDevelopment() || lookAlike is not null)
    {
        o.RestrictToLoopback = true;
    }
    else
    {
        o.AuthorizationPolicy = "WithingsAdmin";
    }
});
if (lookAlike is null)
{
    app.Run();
}
else
{
    await app.StartAsync();
    await Offline.PostANotificationAsync(app, lookAlike);
    await app.WaitForShutdownAsync();
}

// Where your application records which of its users a Withings user id belongs to: notifications carry only the latter.
internal sealed class RememberLinkedUser : IWithingsUserLinkedHandler
{
    public Task HandleAsync(WithingsUserLinked linked, CancellationToken cancellationToken)
    {
        var subscriptions = linked.Subscriptions.Outcomes.Select(o => $"{o.Appli} {o.Kind}".ToLowerInvariant()).DefaultIfEmpty("none");
        Console.WriteLine($"{linked.UserKey} linked Withings user {linked.WithingsUserId} (scope {linked.Scope}); subscriptions: {string.Join(", ", subscriptions)}");
        return Task.CompletedTask;
    }
}

// Resolved from a new DI scope for each notification, so it could take your DbContext too.
internal sealed class PrintNewData(IWithingsDataClient withings) : IWithingsNotificationHandler
{
    public async Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken)
    {
        switch (notification)
        {
            case WeightNotification weight:
                Console.WriteLine($"user {weight.UserId}: new weight data from {weight.StartDate:u} to {weight.EndDate:u}");
                break;
            case BloodPressureNotification pressure:
                Console.WriteLine($"user {pressure.UserId}: new blood pressure data from {pressure.StartDate:u} to {pressure.EndDate:u}");
                break;
            case SleepNotification sleep:
                Console.WriteLine($"user {sleep.UserId}: a night from {sleep.StartDate:u} to {sleep.EndDate:u}");
                break;
            case ActivityNotification activity:
                Console.WriteLine($"user {activity.UserId}: activity of {activity.Date}");
                break;
            case UserProfileNotification { Action.Kind: UserProfileActionKind.Unlink } unlink:
                Console.WriteLine($"user {unlink.UserId} unlinked the app: forget their tokens");
                return;
            case UnknownNotification unknown:
                Console.WriteLine($"appli {unknown.Appli} is new to this SDK; its fields are kept in Fields");
                return;
            default:
                Console.WriteLine($"user {notification.UserId}: {notification.GetType().Name}");
                break;
        }

        // Each request goes with its user's token pair from the token store (saved when they linked), refreshed as needed.
        foreach (var result in await withings.ExecuteAsync(plan, cancellationToken))
        {
            switch (result.Records)
            {
                case var _ when result.Error is { } error:
                    Console.WriteLine($"user {notification.UserId}: {result.Request.Action} failed: {error.Message}");
                    break;
                case FetchRecords<MeasureGroup> groups:
                    foreach (var (group, measure) in groups.Items.SelectMany(g => g.Measures, (g, m) => (g, m)))
                    {
                        Console.WriteLine($"user {notification.UserId}: {measure.Type} = {measure.Value} at {group.Date:u}");
                    }

                    break;
                case FetchRecords<SleepSummary> nights:
                    foreach (var night in nights.Items)
                    {
                        Console.WriteLine($"user {notification.UserId}: night of {night.Date:yyyy-MM-dd}, slept {night.Data?.TotalSleepTime}, score {night.Data?.SleepScore}");
                    }

                    break;
                case FetchRecords<DailyActivity> days:
                    foreach (var day in days.Items)
                    {
                        Console.WriteLine($"user {notification.UserId}: {day.Date:yyyy-MM-dd}, {day.Steps} steps, {day.Calories} kcal");
                    }

                    break;
                default:
                    Console.WriteLine($"user {notification.UserId}: {result.Request.Path} {result.Request.Action}, {result.Rows} rows");
                    break;
            }
        }
    }
}
