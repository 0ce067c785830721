using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.Redis;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>deadletters list|replay|purge</c>: the dead letters kept in the receiver's durable store (the file <c>serve</c>
/// uses) or, with <c>--redis</c>, in Redis. Replayed ones are handled when <c>serve</c> next starts on that file, or
/// at once by any <c>serve --redis</c> running on that Redis.
/// </summary>
internal static class DeadLettersCommand
{
    public const string Usage = """
        deadletters list|replay|purge [--store PATH | --redis HOST:PORT] [--id ID]
            the dead letters in serve's store (or Redis): list prints one line
            each; replay queues them to be handled again when serve next starts
            (with --redis: by the running serves); purge deletes them (all, or
            the one --id names)
            e.g. deadletters replay --store rx.db --id 3
        """;

    public static async Task<int> RunAsync(CommandArgs args, JsonLines output)
    {
        var action = args.Positional.Count == 1 ? args.Positional[0] : null;
        var store = args.Option("--store");
        var id = args.LongOption("--id");
        var redis = args.HostAndPortOption("--redis");
        args.EnsureAllRead();
        if (action is not ("list" or "replay" or "purge"))
        {
            throw new CommandLineException("deadletters: say list, replay or purge");
        }

        if (redis is not null && store is not null)
        {
            throw new CommandLineException("--store and --redis exclude each other: with --redis the dead letters are in Redis");
        }

        if (store == "memory")
        {
            throw new CommandLineException("--store: the in-memory store's dead letters end with serve's process; name the file serve uses");
        }

        // The file serve uses: the same default beside the app, or a path relative to the working directory.
        var path = store is null ? Path.GetFullPath("withings-receiver.db", AppContext.BaseDirectory) : Path.GetFullPath(store);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        var withings = builder.Services.AddWithingsNotifications();
        if (redis is not null)
        {
            withings.UseRedis(redis, WithingsRedisFeatures.ReceiverStore);
        }

        withings.AddReceiver(o =>
        {
            o.StorePath = path;

            // This command opens the store and maps no endpoint, so no sender can reach it: no secret to require.
            o.AllowAnySender = true;
        });
        using var host = builder.Build();
        if (redis is null && !File.Exists(path))
        {
            output.Error($"deadletters: no store at '{path}'; serve creates it");
            return 1;
        }

        try
        {
            var deadLetters = host.Services.GetRequiredService<IWithingsDeadLetterStore>();
            switch (action)
            {
                case "list":
                    foreach (var deadLetter in await deadLetters.ListAsync(CancellationToken.None))
                    {
                        if (id is null || deadLetter.Id == id)
                        {
                            output.Write(json =>
                            {
                                json.WriteNumber("id", deadLetter.Id);
                                json.WriteString("reason", NotificationJson.SnakeCase(deadLetter.Reason.ToString()));
                                json.WriteNumber("received", deadLetter.ReceivedAt.ToUnixTimeSeconds());
                                json.WriteNumber("attempts", deadLetter.Attempts);
                                json.WriteString("body", deadLetter.Body);
                            });
                        }
                    }

                    break;
                case "replay":
                    var replayed = await deadLetters.ReplayAsync(id, CancellationToken.None);
                    output.Write(json =>
                    {
                        json.WriteBoolean("ok", true);
                        json.WriteNumber("replayed", replayed);
                    });
                    break;
                default:
                    var purged = await deadLetters.PurgeAsync(id, CancellationToken.None);
                    output.Write(json =>
                    {
                        json.WriteBoolean("ok", true);
                        json.WriteNumber("purged", purged);
                    });
                    break;
            }

            return 0;
        }
        catch (StackExchange.Redis.RedisException e)
        {
            // The client's message is a page of connection diagnostics: name the address and the kind of failure.
            output.Error($"deadletters: Redis at {redis} does not answer ({e.GetType().Name})");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            output.Error($"deadletters: {e.Message}");
            return 1;
        }
    }
}
