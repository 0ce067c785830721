using Withings.Sdk;
using Withings.Sdk.AspNetCore;

// Withings POSTs a small form to your callback URL when a user has new data. The receiver acknowledges it at once,
// then calls PrintNewData in the background with the typed notification and the plan of calls that fetch its data.
// appsettings.json and the receiver's store (withings-receiver.db) are beside the app, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// ASP.NET Core's request log prints each URL with its query string, and so the ?secret=…: keep it at Warning.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
// The callback secret is bound from configuration: Withings:Receiver:CallbackSecret.
builder.Services.AddWithingsNotifications().AddReceiver().AddHandler<PrintNewData>();

var app = builder.Build();
app.MapWithingsNotifications("/withings/notify"); // subscribe https://your.host/withings/notify?secret=<the secret>
app.Run();

// Resolved from a new DI scope for each notification, so it could take your DbContext too.
internal sealed class PrintNewData(IWithingsDataClient withings, IConfiguration configuration) : IWithingsNotificationHandler
{
    public async Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken)
    {
        switch (notification)
        {
            case WeightNotification weight:
                Console.WriteLine($"user {weight.UserId}: new weight data from {weight.StartDate:u} to {weight.EndDate:u}");
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

        // One token for the example; a service keeps a pair per user (UseTokenStore) and lets ExecuteAsync refresh it.
        var accessToken = configuration["WITHINGS_ACCESS_TOKEN"] ?? throw new InvalidOperationException("Set WITHINGS_ACCESS_TOKEN.");
        foreach (var result in await withings.ExecuteAsync(plan, accessToken, cancellationToken))
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
