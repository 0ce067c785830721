using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.Redis.Tests.Docs;

// README.md's Redis example, verbatim, so that the build proves it compiles; Withings.Sdk.Tests' ReadmeTests checks
// it is still here, line for line.
internal static class RedisReadmeSnippets
{
    public static void UseRedis(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddWithingsNotifications()
            .UseRedis(builder.Configuration["Redis"] ?? "127.0.0.1:6379")
            .AddReceiver() // the secret from configuration: Withings:Receiver:CallbackSecret
            .AddHandler((notification, plan, cancellationToken) =>
                Console.Out.WriteLineAsync($"user {notification.UserId}: {plan.Requests.Count} requests to send"));
        var app = builder.Build();
        app.MapWithingsNotifications("/withings/notify");
        app.MapHealthChecks("/health"); // includes "withings-redis"
        app.Run();
    }
}
