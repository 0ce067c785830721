using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore.Tests.Docs;

// docs/receiver.md's receiver examples, verbatim, so that the build proves they compile; Withings.Sdk.Tests'
// DocsPagesTests checks they are still here, line for line.
internal static class ReceiverReadmeSnippets
{
    public static void Minimal(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // ASP.NET Core's request log prints each URL with its query string, and so the ?secret=…: keep it at Warning.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // The callback secret is bound from configuration: Withings:Receiver:CallbackSecret.
        builder.Services.AddWithingsNotifications()
            .AddReceiver()
            .AddHandler((notification, plan, cancellationToken) =>
                Console.Out.WriteLineAsync($"user {notification.UserId}: {plan.Requests.Count} requests to send"));
        var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        app.Run();
    }

    public static void HandlerClass(WebApplicationBuilder builder)
    {
        builder.Services.AddWithingsNotifications().AddReceiver().AddHandler<FetchNewData>();
    }

#pragma warning disable CA1812, CA1822 // a stand-in for the user's DbContext, instantiated by DI in the snippet
    sealed class FetchNewData(MyDbContext db) : IWithingsNotificationHandler
    {
        public async Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken)
        {
            switch (notification)
            {
                case UserProfileNotification { Action.Kind: UserProfileActionKind.Unlink }:
                    await db.ForgetUserAsync(notification.UserId, cancellationToken);
                    break;
                default:
                    await db.QueueFetchesAsync(plan.Requests, cancellationToken); // or send them now
                    break;
            }
        }
    }

    sealed class MyDbContext
    {
        public Task ForgetUserAsync(long? userId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task QueueFetchesAsync(IReadOnlyList<FetchRequest> requests, CancellationToken cancellationToken) => Task.CompletedTask;
    }
#pragma warning restore CA1812, CA1822
}
