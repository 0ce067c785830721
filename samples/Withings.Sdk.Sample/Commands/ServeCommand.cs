using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>serve</c>: hosts the webhook receiver. Standard output carries one JSON line per handled notification and per
/// dead letter, nothing else; the host's own messages go to standard error.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Where the callback secret may come from instead of <c>--secret</c>, so that it does not show in <c>ps</c>.</summary>
    public const string SecretVariable = "WITHINGS_CALLBACK_SECRET";

    public const string Usage = """
        serve [--urls URL] [--path PATH] [--secret S | --allow-any-sender]
              [--store PATH|memory] [--handler-delay MS] [--fetch]
              [--redis HOST:PORT]
            host the webhook receiver (default http://127.0.0.1:5080/withings/notify);
            the URL must carry ?secret=S, S from --secret or WITHINGS_CALLBACK_SECRET;
            acknowledged notifications are kept in a durable file until handled
            (--store: default withings-receiver.db beside the app; memory: none);
            --handler-delay makes each notification take MS to handle;
            --redis shares queue, duplicates, rate limit and refresh locks
            with every serve that uses the same Redis (instead of --store);
            --fetch runs the sync engine with WITHINGS_ACCESS_TOKEN for every user
            e.g. WITHINGS_CALLBACK_SECRET=6f1c2e9a serve --store rx.db
                 serve --secret 6f1c2e9a --redis 127.0.0.1:6379
        """;

    /// <param name="stop">Stops the server as Ctrl+C does (tests); by default only Ctrl+C or SIGTERM stop it.</param>
    public static async Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr, CancellationToken stop = default)
    {
        var urls = args.Option("--urls") ?? "http://127.0.0.1:5080";
        var path = args.Option("--path") ?? "/withings/notify";
        var secret = args.Option("--secret");
        var allowAnySender = args.Flag("--allow-any-sender");
        var store = args.Option("--store");
        var handlerDelay = TimeSpan.FromMilliseconds(args.LongOption("--handler-delay") ?? 0);
        var fetch = args.Flag("--fetch");
        var redis = args.HostAndPortOption("--redis");
        args.EnsureAllRead();
        if (redis is not null && store is not null)
        {
            // With Redis the queue and the dead letters live there: a store file would be ignored.
            throw new CommandLineException("--store and --redis exclude each other: with --redis the queue is in Redis");
        }

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

        if (string.IsNullOrEmpty(secret))
        {
            secret = Environment.GetEnvironmentVariable(SecretVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        }

        if (secret is null && !allowAnySender)
        {
            // Withings does not sign notifications: without a secret anyone who learns the URL could post forged ones.
            stderr.WriteLine($"serve: no callback secret; pass it with --secret S or the environment variable {SecretVariable} (subscribe the URL with ?secret=S), or accept every sender with --allow-any-sender");
            stderr.Flush();
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        // ASP.NET Core's request log prints each URL with its query string, and so the ?secret=…: Warning and up only.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        builder.Services.AddSingleton(output);
        var withings = builder.Services.AddWithingsNotifications();
        if (redis is not null)
        {
            withings.UseRedis(redis);
        }

        var receiver = withings
            .AddReceiver(o =>
            {
                // Only when given: settings bound from Withings:Receiver are never overwritten with null.
                o.CallbackSecret = secret ?? o.CallbackSecret;
                o.AllowAnySender |= allowAnySender;

                // A path on the command line is relative to the working directory, as a shell user expects.
                if (store is not (null or "memory"))
                {
                    o.StorePath = Path.GetFullPath(store);
                }
            })
            .AddHandler(async (notification, plan, cancellationToken) =>
            {
                if (handlerDelay > TimeSpan.Zero)
                {
                    await Task.Delay(handlerDelay, cancellationToken);
                }

                output.Write(json =>
                {
                    json.WriteBoolean("handled", true);
                    json.WriteNumber("appli", (int)notification.Appli);
                    json.WriteNumberOrNull("userid", notification.UserId);

                    json.WriteNumber("requests", plan.Requests.Count);
                });
            });
        if (store == "memory")
        {
            receiver.UseInMemoryQueue();
        }

        if (fetch)
        {
            ServeFetch.Add(receiver, accessToken!, handlerDelay);
        }

        // Printed, and still stored (SQLite, memory or Redis) for `deadletters`: the store is wrapped, not replaced.
        var stored = builder.Services.Last(d => d.ServiceType == typeof(IWithingsReceiverStore));
        builder.Services.Replace(ServiceDescriptor.Singleton<IWithingsReceiverStore>(services =>
            new PrintingDeadLetters(output, (IWithingsReceiverStore)stored.ImplementationFactory!(services))));

        try
        {
            await using var app = builder.Build();
            app.MapWithingsNotifications(path);

            // Checked here, before the host starts: a failure the host meets while starting is logged by it with a
            // stack trace before it reaches us, and an invalid setting needs one line naming its key, nothing more.
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.StartAsync(stop);
            stderr.WriteLine($"serve: Withings notifications at {string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + path))}{(secret is null ? string.Empty : "?secret=…")}; Ctrl+C to stop");
            stderr.Flush();
            await app.WaitForShutdownAsync(stop);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            output.Error($"serve: {string.Join("; ", e.Failures)}");
            return 1;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // Several option types failed at once: every failure on the one line, each naming its key.
            output.Error($"serve: {string.Join("; ", e.InnerExceptions.SelectMany(inner => ((OptionsValidationException)inner).Failures))}");
            return 1;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            output.Error($"serve: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Prints each dead letter as one JSON line (the reason in words, never a value of the body), then hands it to the
    /// receiver's own store, which keeps it for <c>deadletters</c>; everything else passes through.
    /// </summary>
    private sealed class PrintingDeadLetters(JsonLines output, IWithingsReceiverStore stored) : IWithingsReceiverStore
    {
        public ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken)
        {
            output.Write(json =>
            {
                json.WriteBoolean("deadletter", true);

                // An unparseable body's error names the field, not its value; other errors are exception messages
                // that could quote anything, so only the reason is printed.
                json.WriteString("error", reason switch
                {
                    WithingsDeadLetterReason.Unparseable => description,
                    WithingsDeadLetterReason.PlanningFailed => "planning failed",
                    WithingsDeadLetterReason.HandlerFailed => $"handler failed after {attempts} attempts",
                    WithingsDeadLetterReason.Shutdown => "shutdown before handling",
                    WithingsDeadLetterReason.FetchFailed => $"fetch failed after {attempts} attempts",
                    WithingsDeadLetterReason.DeliveryLimit => $"delivered {attempts} times without being acknowledged",
                    _ => "dead-lettered",
                });
            });
            return stored.DeadLetterAsync(notification, reason, description, attempts, cancellationToken);
        }

        public ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken) => stored.AcceptAsync(notification, cancellationToken);

        public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) => stored.ReadAllAsync(cancellationToken);

        public ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken) => stored.CompleteAsync(notification, cancellationToken);

        public void StopAccepting() => stored.StopAccepting();

        public WithingsStoreStatus GetStatus() => stored.GetStatus();

        public ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken) => stored.CheckAsync(cancellationToken);

        public ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken) => stored.ListAsync(cancellationToken);

        public ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken) => stored.ReplayAsync(id, cancellationToken);

        public ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken) => stored.PurgeAsync(id, cancellationToken);
    }
}
