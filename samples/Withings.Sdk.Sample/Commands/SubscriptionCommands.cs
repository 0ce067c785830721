using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>subscribe</c>, <c>get</c>, <c>list</c>, <c>revoke</c>, <c>update</c> and <c>subscriptions ensure</c>: the Notify
/// client, with the user's token from <c>WITHINGS_ACCESS_TOKEN</c> and settings from the standard .NET configuration.
/// </summary>
internal static class SubscriptionCommands
{
    public const string TokenVariable = "WITHINGS_ACCESS_TOKEN";

    public const string SubscribeUsage = """
        subscribe --appli N --callback URL [--comment C]
            subscribe a callback URL to one category
            e.g. subscribe --appli 44 --callback https://example.com/withings/notify
        """;

    public const string GetUsage = """
        get --callback URL [--appli N]
            show one subscription (no --appli: Withings uses 1)
            e.g. get --callback https://example.com/withings/notify --appli 44
        """;

    public const string ListUsage = """
        list [--appli N]
            list the user's subscriptions
            e.g. list --appli 44
        """;

    public const string RevokeUsage = """
        revoke --callback URL [--appli N]
            stop notifications to a callback URL
            e.g. revoke --callback https://example.com/withings/notify --appli 44
        """;

    public const string UpdateUsage = """
        update --callback URL --appli N (--new-callback URL | --new-appli N |
               --comment C)
            change one thing about a subscription
            e.g. update --callback https://example.com/withings/notify --appli 44
                   --new-callback https://example.com/withings/notify-v2
        """;

    public const string Usage = SubscribeUsage + "\n" + GetUsage + "\n" + ListUsage + "\n" + RevokeUsage + "\n" + UpdateUsage + "\n" + EnsureUsage;

    public const string EnsureUsage = """
        subscriptions ensure --callback URL --appli N[,N...] [--prune]
            subscribe only the missing categories (--prune: revoke the
            callback's others); exit 1 when one failed
            e.g. subscriptions ensure --appli 1,44
                   --callback https://example.com/withings/notify
        """;

    /// <summary><c>subscriptions ensure</c>: the one subcommand of <c>subscriptions</c>.</summary>
    public static Task<int> RunGroupAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        return args.Positional is ["ensure"]
            ? RunAsync("ensure", args, output, stderr)
            : throw new CommandLineException("subscriptions: expected 'subscriptions ensure --callback URL --appli N[,N...] [--prune]'");
    }

    public static async Task<int> RunAsync(string command, CommandArgs args, JsonLines output, TextWriter stderr)
    {
        // Arguments first, then the token, then the network: a mistake costs no request.
        Func<IWithingsNotifyClient, string, CancellationToken, Task<CommandResult>> call = command switch
        {
            "subscribe" => Subscribe(args),
            "get" => Get(args),
            "list" => List(args),
            "revoke" => Revoke(args),
            "update" => Update(args),
            "ensure" => Ensure(args),
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
                var result = await call(client, token, cancellation.Token);
                output.Write(json =>
                {
                    json.WriteBoolean("ok", true);
                    result.Write(json);
                });
                return result.ExitCode;
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

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<CommandResult>> Subscribe(CommandArgs args)
    {
        var appli = RequiredAppli(args, "--appli");
        var callback = RequiredUrl(args, "--callback");
        var comment = args.Option("--comment");
        return async (client, token, ct) =>
        {
            await client.SubscribeAsync(token, callback, appli, comment, ct);
            return new CommandResult(json =>
            {
                json.WriteNumber("appli", (int)appli);
                json.WriteString("callbackurl", callback.OriginalString);
            });
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<CommandResult>> Get(CommandArgs args)
    {
        var callback = RequiredUrl(args, "--callback");
        var appli = OptionalAppli(args, "--appli");
        return async (client, token, ct) =>
        {
            var subscription = await client.GetAsync(token, callback, appli, ct);
            return new CommandResult(json =>
            {
                json.WriteNumber("appli", (int)subscription.Appli);
                json.WriteString("callbackurl", subscription.CallbackUrl);
                json.WriteString("comment", subscription.Comment);
            });
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<CommandResult>> List(CommandArgs args)
    {
        var appli = OptionalAppli(args, "--appli");
        return async (client, token, ct) =>
        {
            var profiles = await client.ListAsync(token, appli, ct);
            return new CommandResult(json =>
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
            });
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<CommandResult>> Revoke(CommandArgs args)
    {
        var callback = RequiredUrl(args, "--callback");
        var appli = OptionalAppli(args, "--appli");
        return async (client, token, ct) =>
        {
            await client.RevokeAsync(token, callback, appli, ct);
            return new CommandResult(_ => { });
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<CommandResult>> Update(CommandArgs args)
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
            return new CommandResult(_ => { });
        };
    }

    private static Func<IWithingsNotifyClient, string, CancellationToken, Task<CommandResult>> Ensure(CommandArgs args)
    {
        var callback = RequiredUrl(args, "--callback");
        var categories = AppliList(args, "--appli");
        var prune = args.Flag("--prune");
        return async (client, token, ct) =>
        {
            var result = await client.EnsureSubscriptionsAsync(token, callback, categories, prune, comment: null, ct);
            return new CommandResult(
                json =>
                {
                    WriteApplis(json, "subscribed", result.Subscribed);
                    WriteApplis(json, "kept", result.Kept);
                    WriteApplis(json, "revoked", result.Revoked);
                    WriteApplis(json, "failed", result.Failed);
                },
                result.Succeeded ? 0 : 1);
        };
    }

    private static void WriteApplis(Utf8JsonWriter json, string name, IReadOnlyList<NotificationCategory> applis)
    {
        json.WriteStartArray(name);
        foreach (var appli in applis)
        {
            json.WriteNumberValue((int)appli);
        }

        json.WriteEndArray();
    }

    private static List<NotificationCategory> AppliList(CommandArgs args, string name)
    {
        var text = args.Option(name) ?? throw new CommandLineException($"{name} N[,N...] is required (for example {name} 1,4,16,44)");
        var applis = new List<NotificationCategory>();
        foreach (var part in text.Split(','))
        {
            applis.Add(int.TryParse(part.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var appli)
                ? (NotificationCategory)appli
                : throw new CommandLineException($"{name}: '{part}' is not a category number"));
        }

        return applis;
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
        OptionalUrl(args, name) ?? throw new CommandLineException($"{name} URL is required (for example {name} {ExampleUrl(name)})");

    private static Uri? OptionalUrl(CommandArgs args, string name)
    {
        var text = args.Option(name);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url)
            ? url
            : throw new CommandLineException($"{name}: not an absolute URL (for example {ExampleUrl(name)})");
    }

    // The callback a service exposes, and for --new-callback the one it moves to.
    private static string ExampleUrl(string name) =>
        name == "--new-callback" ? "https://example.com/withings/notify-v2" : "https://example.com/withings/notify";

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
