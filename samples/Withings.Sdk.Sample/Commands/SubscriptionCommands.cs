using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>subscribe</c>, <c>get</c>, <c>list</c>, <c>revoke</c>, <c>update</c>: the Notify client, with the user's token from
/// <c>WITHINGS_ACCESS_TOKEN</c> and settings from the standard .NET configuration.
/// </summary>
internal static class SubscriptionCommands
{
    public const string TokenVariable = "WITHINGS_ACCESS_TOKEN";

    public const string Usage = """
        subscribe --appli N --callback URL [--comment C]
            subscribe a callback URL to one category
            e.g. subscribe --appli 44 --callback https://example.com/notify
        get --callback URL [--appli N]
            show one subscription (no --appli: Withings uses 1)
            e.g. get --callback https://example.com/notify --appli 44
        list [--appli N]
            list the user's subscriptions
            e.g. list --appli 44
        revoke --callback URL [--appli N]
            stop notifications to a callback URL
            e.g. revoke --callback https://example.com/notify --appli 44
        update --callback URL --appli N (--new-callback URL | --new-appli N |
               --comment C)
            change one thing about a subscription
            e.g. update --callback https://example.com/notify --appli 44 --comment v2
        """;

    public static async Task<int> RunAsync(string command, CommandArgs args, JsonLines output, TextWriter stderr)
    {
        // Arguments first, then the token, then the network: a mistake costs no request.
        Func<IWithingsNotifyClient, string, CancellationToken, Task<Action<Utf8JsonWriter>>> call = command switch
        {
            "subscribe" => Subscribe(args),
            "get" => Get(args),
            "list" => List(args),
            "revoke" => Revoke(args),
            "update" => Update(args),
            _ => throw new CommandLineException($"unknown subscription command '{command}'"),
        };
        args.EnsureAllRead();

        var token = Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            return Fail(output, null, null, $"{TokenVariable} is not set: export the user's OAuth access token before running '{command}'");
        }

        try
        {
            using var services = SampleConfiguration.BuildServices(stderr);

            // Reading the options runs the validation AddWithingsNotifications registered, before any request.
            _ = services.GetRequiredService<IOptions<WithingsOptions>>().Value;
            var client = services.GetRequiredService<IWithingsNotifyClient>();
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancellation.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var writeResult = await call(client, token, cancellation.Token);
                output.Write(json =>
                {
                    json.WriteBoolean("ok", true);
                    writeResult(json);
                });
                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
        catch (WithingsApiException e)
        {
            return Fail(output, e.Status, e.Family.ToString(), e.Message);
        }
        catch (OptionsValidationException e)
        {
            return Fail(output, null, null, "configuration: " + string.Join("; ", e.Failures));
        }
        catch (ArgumentException e)
        {
            return Fail(output, null, null, e.Message);
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync($"{command}: cancelled");
            return Fail(output, null, null, "cancelled");
        }
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<Action<Utf8JsonWriter>>> Subscribe(CommandArgs args)
    {
        var appli = RequiredAppli(args, "--appli");
        var callback = RequiredUrl(args, "--callback");
        var comment = args.Option("--comment");
        return async (client, token, ct) =>
        {
            await client.SubscribeAsync(token, callback, appli, comment, ct);
            return json =>
            {
                json.WriteNumber("appli", (int)appli);
                json.WriteString("callbackurl", callback.OriginalString);
            };
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<Action<Utf8JsonWriter>>> Get(CommandArgs args)
    {
        var callback = RequiredUrl(args, "--callback");
        var appli = OptionalAppli(args, "--appli");
        return async (client, token, ct) =>
        {
            var subscription = await client.GetAsync(token, callback, appli, ct);
            return json =>
            {
                json.WriteNumber("appli", (int)subscription.Appli);
                json.WriteString("callbackurl", subscription.CallbackUrl);
                json.WriteString("comment", subscription.Comment);
            };
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<Action<Utf8JsonWriter>>> List(CommandArgs args)
    {
        var appli = OptionalAppli(args, "--appli");
        return async (client, token, ct) =>
        {
            var profiles = await client.ListAsync(token, appli, ct);
            return json =>
            {
                json.WriteStartArray("profiles");
                foreach (var profile in profiles)
                {
                    json.WriteStartObject();
                    json.WriteNumber("appli", (int)profile.Appli);
                    json.WriteString("callbackurl", profile.CallbackUrl);
                    json.WriteString("comment", profile.Comment);
                    json.WriteNumberOrNull("expires", profile.Expires?.ToUnixTimeSeconds());

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            };
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<Action<Utf8JsonWriter>>> Revoke(CommandArgs args)
    {
        var callback = RequiredUrl(args, "--callback");
        var appli = OptionalAppli(args, "--appli");
        return async (client, token, ct) =>
        {
            await client.RevokeAsync(token, callback, appli, ct);
            return _ => { };
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<Action<Utf8JsonWriter>>> Update(CommandArgs args)
    {
        var callback = RequiredUrl(args, "--callback");
        var appli = RequiredAppli(args, "--appli");
        var newCallback = OptionalUrl(args, "--new-callback");
        var newAppli = OptionalAppli(args, "--new-appli");
        var comment = args.Option("--comment");
        var given = (newCallback is null ? 0 : 1) + (newAppli is null ? 0 : 1) + (comment is null ? 0 : 1);
        if (given != 1)
        {
            throw new CommandLineException("update needs exactly one of --new-callback URL, --new-appli N, --comment C");
        }

        var change = newCallback is not null ? NotifyUpdate.ToCallbackUrl(newCallback)
            : newAppli is { } category ? NotifyUpdate.ToAppli(category)
            : NotifyUpdate.WithComment(comment!);
        return async (client, token, ct) =>
        {
            await client.UpdateAsync(token, callback, appli, change, ct);
            return _ => { };
        };
    }

    private static NotificationCategory RequiredAppli(CommandArgs args, string name) =>
        OptionalAppli(args, name) ?? throw new CommandLineException($"{name} N is required (for example {name} 44)");

    private static NotificationCategory? OptionalAppli(CommandArgs args, string name) => args.LongOption(name) switch
    {
        null => null,
        > int.MaxValue => throw new CommandLineException($"{name}: too large for a category"),
        { } value => (NotificationCategory)(int)value,
    };

    private static Uri RequiredUrl(CommandArgs args, string name) =>
        OptionalUrl(args, name) ?? throw new CommandLineException($"{name} URL is required (for example {name} https://example.com/notify/notify)");

    private static Uri? OptionalUrl(CommandArgs args, string name)
    {
        var text = args.Option(name);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url)
            ? url
            : throw new CommandLineException($"{name}: not an absolute URL");
    }

    private static int Fail(JsonLines output, int? status, string? family, string message)
    {
        output.Write(json =>
        {
            json.WriteBoolean("ok", false);
            ApiErrorJson.Write(json, status, family, message);
        });
        return 1;
    }
}
