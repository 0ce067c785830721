using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>fetch [BODY] [--since EPOCH] [--tz IANA]</c>: parses each body, plans it and runs the plan with
/// <c>WITHINGS_ACCESS_TOKEN</c> against the configured API, printing one JSON line per executed request
/// (<c>ok</c>, <c>url</c>, <c>action</c>, <c>pages</c>, <c>rows</c>, <c>records</c>: the typed rows written with
/// Withings' field names, and for getmeas the <c>measures</c> with real values), follow-ups included (the signal of
/// each ECG of a Heart v2 list and of each recording of a Stetho v2 list, one line each, after the list's). Each request
/// is read to its last page, on from Withings' <c>offset</c> past <c>Fetch:MaxPages</c>. Rows that could not be typed are
/// listed in <c>unread</c> (path, field, reason and the row as sent) without failing the line. A body that cannot be
/// parsed prints <c>{"ok":false,"error":…}</c>; a body with nothing to fetch prints nothing (the reason goes to standard
/// error).
/// </summary>
internal static class FetchCommand
{
    public const string Usage = """
        fetch [BODY] [--since EPOCH] [--tz IANA]
            parse, plan and run the requests with the user's token; one line
            per request run (ECG and stethoscope signals included), typed
            rows in "records", rows that could not be typed in "unread"
            e.g. fetch 'userid=12345&appli=1&startdate=1530576000&enddate=1530698753'
        """;

    public const string TokenVariable = "WITHINGS_ACCESS_TOKEN";

    public static async Task<int> RunAsync(CommandArgs args, TextReader stdin, JsonLines output, TextWriter stderr)
    {
        var context = PlanningArgs.Context(args);
        args.EnsureAllRead();
        var accessToken = Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(accessToken))
        {
            output.Error($"{TokenVariable} is not set: export the user's access token before running fetch");
            return 1;
        }

        await using var services = SampleConfiguration.BuildServices(stderr);
        try
        {
            // Reads the settings once, so that a bad one stops the command before any request.
            _ = services.GetRequiredService<IOptions<WithingsOptions>>().Value;
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            throw new CommandLineException("configuration: " + e.Message);
        }

        var parser = services.GetRequiredService<NotificationParser>();
        var planner = services.GetRequiredService<FetchPlanner>();
        var client = services.GetRequiredService<IWithingsDataClient>();
        var failed = false;
        foreach (var line in InputLines.Read(args, stdin))
        {
            if (!parser.TryParse(line, out var notification, out var error))
            {
                failed = true;
                output.Error(error.Message);
                continue;
            }

            var plan = planner.Plan(notification, context);
            if (plan.IsEmpty)
            {
                await stderr.WriteLineAsync($"appli {(int)notification.Appli}: nothing to fetch ({plan.Reason})");
                continue;
            }

            foreach (var result in await client.ExecuteAsync(plan, accessToken))
            {
                // Read to the end: Fetch:MaxPages bounds one step, and Withings' offset says where to go on.
                var whole = result;
                while (whole.NextOffset is not null)
                {
                    whole = await client.ContinueAsync(whole, accessToken);
                }

                failed |= !Print(output, whole);
            }
        }

        return failed ? 1 : 0;
    }

    // The result's line, then its follow-ups' (the signals of a heart or stetho list); whether all of them succeeded.
    private static bool Print(JsonLines output, FetchResult result)
    {
        output.Write(json => WriteResult(json, result));
        var ok = result.IsSuccess;
        foreach (var followUp in result.FollowUps)
        {
            ok &= Print(output, followUp);
        }

        return ok;
    }

    private static void WriteResult(System.Text.Json.Utf8JsonWriter json, FetchResult result)
    {
        json.WriteBoolean("ok", result.IsSuccess);
        json.WriteString("url", result.Url.AbsoluteUri);
        json.WriteString("action", result.Request.Action);
        json.WriteNumber("pages", result.Pages);
        json.WriteNumber("rows", result.Rows);
        json.WritePropertyName("records");
        result.Records.WriteTo(json);
        if (result.Truncated)
        {
            json.WriteBoolean("truncated", true);
        }

        if (result.UnreadRows.Count > 0)
        {
            json.WriteStartArray("unread");
            foreach (var row in result.UnreadRows)
            {
                json.WriteStartObject();
                json.WriteString("path", row.Path);
                json.WriteString("field", row.Field);
                json.WriteString("reason", row.Reason);
                json.WritePropertyName("json");
                row.Json.WriteTo(json);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (result.Error is { } error)
        {
            ApiErrorJson.Write(json, error);
            return;
        }

        if (result.Request.Action == "getmeas")
        {
            json.WriteStartArray("measures");
            foreach (var group in result.MeasureGroups)
            {
                foreach (var measure in group.Measures)
                {
                    json.WriteStartObject();
                    json.WriteNumber("type", (int)measure.Type);
                    json.WriteNumber("value", measure.Value);
                    json.WriteNumber("date", group.Date.ToUnixTimeSeconds());
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }
    }
}
