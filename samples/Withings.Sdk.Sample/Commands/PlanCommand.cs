using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>plan [BODY] [--now EPOCH] [--since EPOCH] [--tz IANA] [--batch]</c>: the follow-up requests of each body, one
/// JSON line per input line; with <c>--batch</c>, one line for the coalesced plan of every good line (bad lines are
/// listed in <c>errors</c> with their line number, and make the line <c>"ok":false</c> and the exit code 1). A plan
/// that leaves part of a window out (Planning:MaxSplitWindow, a window after now, or a cursor older than
/// Planning:Lookback for a notification without a window) lists it in <c>omitted</c>.
/// </summary>
internal static class PlanCommand
{
    public const string Usage = """
        plan [BODY] [--now EPOCH] [--since EPOCH] [--tz IANA] [--batch]
            the follow-up Withings requests of each body (--batch: one coalesced plan)
            --tz: the user's zone; without it the zone is unknown and day ranges
            are widened to cover every zone. Sleep and intraday windows are cut to
            the most recent Withings__Planning__MaxSplitWindow (31 days) ending at
            --now (without a window: the most recent Lookback since --since); the
            rest is listed in "omitted" for a deliberate backfill.
            e.g. plan 'userid=12345&appli=16&date=2024-10-27' --tz Europe/Paris
        """;

    public static int Run(CommandArgs args, TextReader stdin, JsonLines output)
    {
        var batch = args.Flag("--batch");
        var clock = PlanningArgs.Clock(args);
        var context = PlanningArgs.Context(args);
        args.EnsureAllRead();

        using var services = new ServiceCollection()
            .AddSingleton(clock)
            .AddSingleton(SampleConfiguration.Load())
            .AddWithingsNotifications().Services
            .BuildServiceProvider();
        var baseAddress = ApiBaseAddress(services);
        var parser = services.GetRequiredService<NotificationParser>();
        var planner = services.GetRequiredService<FetchPlanner>();
        var lines = InputLines.Read(args, stdin);
        try
        {
            return batch
                ? RunBatch(lines, parser, planner, context, baseAddress, output)
                : RunEach(lines, parser, planner, context, baseAddress, output);
        }
        catch (OptionsValidationException e)
        {
            throw new CommandLineException("configuration: " + e.Message);
        }
    }

    private static int RunEach(IEnumerable<string> lines, NotificationParser parser, FetchPlanner planner, PlanningContext context, Uri baseAddress, JsonLines output)
    {
        var failed = false;
        foreach (var line in lines)
        {
            if (!parser.TryParse(line, out var notification, out var error))
            {
                failed = true;
                output.Error(error.Message);
                continue;
            }

            var plan = planner.Plan(notification, context);
            output.Write(json =>
            {
                json.WriteBoolean("ok", true);
                NotificationJson.WriteCommon(json, notification);
                FetchPlanJson.WriteRequests(json, plan, baseAddress);
            });
        }

        return failed ? 1 : 0;
    }

    private static int RunBatch(IEnumerable<string> lines, NotificationParser parser, FetchPlanner planner, PlanningContext context, Uri baseAddress, JsonLines output)
    {
        var notifications = new List<WithingsNotification>();
        var errors = new List<(int Line, string Error)>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (parser.TryParse(line, out var notification, out var error))
            {
                notifications.Add(notification);
            }
            else
            {
                errors.Add((number, error.Message));
            }
        }

        var plan = planner.Plan(notifications, _ => context);
        output.Write(json =>
        {
            json.WriteBoolean("ok", errors.Count == 0);
            if (errors.Count > 0)
            {
                json.WriteString("error", $"{errors.Count} of {number} lines could not be parsed and are not in the plan");
            }

            FetchPlanJson.WriteRequests(json, plan, baseAddress);
            if (errors.Count > 0)
            {
                json.WriteStartArray("errors");
                foreach (var (line, error) in errors)
                {
                    json.WriteStartObject();
                    json.WriteNumber("line", line);
                    json.WriteString("error", error);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
        });
        return errors.Count == 0 ? 0 : 1;
    }

    private static Uri ApiBaseAddress(IServiceProvider services)
    {
        Uri? address;
        try
        {
            address = services.GetRequiredService<IOptions<WithingsOptions>>().Value.ApiBaseAddress;
        }
        catch (InvalidOperationException e)
        {
            throw new CommandLineException("configuration: " + e.Message);
        }

        return address is { IsAbsoluteUri: true }
            ? address
            : throw new CommandLineException($"configuration: Withings:ApiBaseAddress '{address}' is not an absolute URL (for example https://wbsapi.withings.net)");
    }
}
