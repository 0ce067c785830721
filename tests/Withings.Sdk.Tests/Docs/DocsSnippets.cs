using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.Tests.Docs;

// The docs pages' code blocks (parsing, planning, subscriptions, benchmarks), verbatim, so that the build proves they
// compile (DocsPagesTests checks they are still here, line for line). Blocks written as top-level statements live in
// methods; the tests run the ones that need no network.
internal static class DocsSnippets
{
    public static void Switch(WithingsNotification notification)
    {
        switch (notification)
        {
            case WeightNotification weight:
                Console.WriteLine($"weight data for {weight.UserId} from {weight.StartDate} to {weight.EndDate}");
                break;
            case ActivityNotification { Date: { } day } activity:
                Console.WriteLine($"activity of {activity.UserId} on {day}"); // YYYY-MM-DD or epoch, as sent
                break;
            case UserProfileNotification { Action.Kind: UserProfileActionKind.Unlink } unlink:
                Console.WriteLine($"user {unlink.UserId} unlinked the app");
                break;
            case UnknownNotification unknown:
                Console.WriteLine($"appli {unknown.Appli} is new to this SDK; fields: {unknown.Fields}");
                break;
        }
    }

    public static void Planning()
    {
        var notification = new NotificationParser().Parse(
            "userid=12345&appli=16&date=2024-10-27");

        var planner = new FetchPlanner(); // or resolve it after services.AddWithingsNotifications()
        var plan = planner.Plan(notification, new PlanningContext
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), // the user's zone; unknown by default
            Since = DateTimeOffset.FromUnixTimeSeconds(1729900000),          // the user's sync cursor, if you keep one
        });

        var userToken = "the user's access token";
        foreach (var request in plan.Requests)
        {
            Console.WriteLine(request); // POST /v2/measure action=getactivity&startdateymd=2024-10-27&... (user 12345)
            using var message = request.ToHttpRequestMessage(WithingsOptions.DefaultApiBaseAddress, userToken);
            // send it with your HttpClient; the token lives only in this message
        }
    }

    public static async Task Subscriptions()
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications(options => options.Retry.MaxAttempts = 4)  // a host also binds the "Withings" section
            .ConfigureHttpClient(http => http.AddHttpMessageHandler(() => new MyLoggingHandler()));
        using var provider = services.BuildServiceProvider();
        var notify = provider.GetRequiredService<IWithingsNotifyClient>();

        var userToken = "the user's access token";
        var callback = new Uri("https://api.example.com/withings/notify?secret=r4nd0m");
        try
        {
            // List first so that repeated runs stay idempotent.
            var existing = await notify.ListAsync(userToken, NotificationCategory.Sleep);
            if (!existing.Any(s => s.CallbackUrl == callback.OriginalString))
            {
                await notify.SubscribeAsync(userToken, callback, NotificationCategory.Sleep, comment: "sleep sync");
            }

            // Change exactly one thing: a new URL, a new category, or the comment.
            await notify.UpdateAsync(userToken, callback, NotificationCategory.Sleep, NotifyUpdate.WithComment("nightly"));
        }
        catch (WithingsApiException e) when (e.Family == WithingsStatusFamily.AuthenticationFailed)
        {
            // refresh the user's token, then try again
        }
        catch (WithingsApiException e) when (e.Status == 293)
        {
            Console.WriteLine(e.Meaning); // callback URL absent, invalid, or failed Withings' HEAD check
        }
    }

#pragma warning disable CA1812 // used by the Subscriptions snippet
    sealed class MyLoggingHandler : DelegatingHandler;
#pragma warning restore CA1812

    public static void Benchmarks()
    {
        var parser = new NotificationParser(); // thread-safe: create one and share it
        var planner = new FetchPlanner();

        // As a web server hands the body over: UTF-8 bytes, parsed without turning them into a string.
        ReadOnlySpan<byte> body = "userid=12345&appli=1&startdate=1530576000&enddate=1530698753"u8;
        var notification = parser.Parse(body);
        var plan = planner.Plan(notification);
        Console.WriteLine($"{notification.GetType().Name}: {plan.Requests.Count} request(s)");

        // Many at once: identical and overlapping requests are coalesced.
        var batch = planner.Plan([notification, parser.Parse("userid=12345&appli=1&startdate=1530690000&enddate=1530700000")]);
        Console.WriteLine($"batch: {batch.Requests.Count} request(s)");
    }
}
