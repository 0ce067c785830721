using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>serve</c>: hosts the webhook receiver. Standard output carries one JSON line per handled notification and per
/// dead letter, nothing else; the host's own messages go to standard error.
/// </summary>
internal static class ServeCommand
{
    public const string Usage = """
        serve [--urls URL] [--path PATH] [--secret S] [--fetch]
            host the webhook receiver (default http://127.0.0.1:5080/withings/notify);
            --fetch runs the sync engine with WITHINGS_ACCESS_TOKEN for every user
            e.g. serve --urls http://127.0.0.1:5080 --secret 6f1c2e9a
        """;

    /// <param name="stop">Stops the server as Ctrl+C does (tests); by default only Ctrl+C or SIGTERM stop it.</param>
    public static async Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr, CancellationToken stop = default)
    {
        var urls = args.Option("--urls") ?? "http://127.0.0.1:5080";
        var path = args.Option("--path") ?? "/withings/notify";
        var secret = args.Option("--secret");
        var fetch = args.Flag("--fetch");
        args.EnsureAllRead();
        var accessToken = fetch ? Environment.GetEnvironmentVariable(FetchCommand.TokenVariable) : null;
        if (fetch && string.IsNullOrWhiteSpace(accessToken))
        {
            output.Error($"serve --fetch: {FetchCommand.TokenVariable} is not set: export the access token the sync engine uses for every user");
            return 1;
        }

        if (!path.StartsWith('/'))
        {
            throw new CommandLineException($"--path: '{path}' must start with '/'");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // Warning and up only: ASP.NET Core's request log (Information) would print the callback URL and its secret.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        builder.Services.AddSingleton(output);
        var receiver = builder.Services.AddWithingsNotifications()
            .AddReceiver(o => o.CallbackSecret = secret)
            .AddHandler((notification, plan, _) =>
            {
                output.Write(json =>
                {
                    json.WriteBoolean("handled", true);
                    json.WriteNumber("appli", notification.Appli);
                    json.WriteNumberOrNull("userid", notification.UserId);

                    json.WriteNumber("requests", plan.Requests.Count);
                });
                return Task.CompletedTask;
            })
            .AddDeadLetterSink<PrintingDeadLetterSink>();
        if (fetch)
        {
            ServeFetch.Add(receiver, accessToken!);
        }

        try
        {
            await using var app = builder.Build();
            app.MapWithingsNotifications(path);
            await app.StartAsync(stop);
            stderr.WriteLine($"serve: Withings notifications at {string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + path))}{(secret is null ? string.Empty : "?secret=…")}; Ctrl+C to stop");
            stderr.Flush();
            await app.WaitForShutdownAsync(stop);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            output.Error($"serve: {e.Message}");
            return 1;
        }
    }

    /// <summary>Prints each dead letter as one JSON line.</summary>
    private sealed class PrintingDeadLetterSink(JsonLines output) : IWithingsDeadLetterSink
    {
        public ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
        {
            output.Write(json =>
            {
                json.WriteBoolean("deadletter", true);
                json.WriteString("error", deadLetter.Error);
            });
            return ValueTask.CompletedTask;
        }
    }
}
