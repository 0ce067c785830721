using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>
/// Reads the typed rows of a request's pages: which field holds them and what type each service's rows are. A row
/// that cannot be typed is kept raw (<see cref="UnreadRow"/>) and the others are still read.
/// </summary>
internal static class RecordReader
{
    private const string GetDevice = "getdevice";

    /// <summary>Reads the rows; the ones that could not be typed go to <paramref name="unread"/>.</summary>
    /// <exception cref="JsonException">The row field itself is not in the service's shape (a string where a list was expected).</exception>
    public static FetchRecords Read(FetchRequest request, IReadOnlyList<JsonElement> pages, List<UnreadRow> unread) => (request.Path, request.Action) switch
    {
        (MeasurePath, GetMeas) => Rows(pages, "measuregrps", DataJsonContext.Default.MeasureGroup, DataJsonContext.Default.ListMeasureGroup, unread),
        (MeasureV2Path, GetActivity) => Rows(pages, "activities", DataJsonContext.Default.DailyActivity, DataJsonContext.Default.ListDailyActivity, unread),
        (MeasureV2Path, GetIntradayActivity) => Keyed(pages, "series", DataJsonContext.Default.IntradayActivitySample, static (row, at) => row with { Timestamp = at }, unread),
        (MeasureV2Path, GetWorkouts) => Rows(pages, "series", DataJsonContext.Default.Workout, DataJsonContext.Default.ListWorkout, unread),
        (SleepV2Path, Get) => Rows(pages, "series", DataJsonContext.Default.SleepSegment, DataJsonContext.Default.ListSleepSegment, unread),
        (SleepV2Path, GetSummary) => Rows(pages, "series", DataJsonContext.Default.SleepSummary, DataJsonContext.Default.ListSleepSummary, unread),
        (HeartV2Path, List) => Rows(pages, "series", DataJsonContext.Default.EcgRecording, DataJsonContext.Default.ListEcgRecording, unread),
        (HeartV2Path, Get) => Bodies(pages, DataJsonContext.Default.EcgSignal, unread),
        (StethoV2Path, List) => Rows(pages, "series", DataJsonContext.Default.StethoscopeRecording, DataJsonContext.Default.ListStethoscopeRecording, unread),
        (StethoV2Path, Get) => Bodies(pages, DataJsonContext.Default.StethoscopeSignal, unread),
        (UserV2Path, GetDevice) => Rows(pages, "devices", DataJsonContext.Default.UserDevice, DataJsonContext.Default.ListUserDevice, unread),
        (AnswersV2Path, Get) => Rows(pages, "answers", DataJsonContext.Default.SurveyAnswers, DataJsonContext.Default.ListSurveyAnswers, unread),
        _ => Raw(pages),
    };

    /// <summary>An empty result's rows.</summary>
    public static FetchRecords None { get; } = new FetchRecords<JsonElement>([], DataJsonContext.Default.JsonElement);

    // A list of rows, read in one call per page (a call per row costs the serializer's set-up each time); only a page
    // with a row that cannot be typed is read again row by row. A lone object is one row (the shape Withings' API
    // reference gives Sleep v2 get's series).
    private static FetchRecords<T> Rows<T>(IReadOnlyList<JsonElement> pages, string field, JsonTypeInfo<T> typeInfo, JsonTypeInfo<List<T>> listTypeInfo, List<UnreadRow> unread)
    {
        var rows = new List<T>();
        var index = 0;
        foreach (var page in pages)
        {
            if (page.ValueKind != JsonValueKind.Object || !page.TryGetProperty(field, out var value))
            {
                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Array when TryDeserializeList(value, listTypeInfo) is { } read:
                    rows.AddRange(read);
                    index += read.Count;
                    break;
                case JsonValueKind.Array:
                    foreach (var row in value.EnumerateArray())
                    {
                        if (TryDeserialize(row, typeInfo, Where(field, index++), unread, out var typed))
                        {
                            rows.Add(typed);
                        }
                    }

                    break;
                case JsonValueKind.Object:
                    if (TryDeserialize(value, typeInfo, Where(field, index++), unread, out var lone))
                    {
                        rows.Add(lone);
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw new JsonException($"Could not read {field}: expected a list of {typeof(T).Name} rows.", field, null, null);
            }
        }

        return new FetchRecords<T>(rows, typeInfo);
    }

    // Rows keyed by unix epoch seconds (getintradayactivity); a key repeated on a later page replaces the earlier row.
    private static FetchRecords<T> Keyed<T>(IReadOnlyList<JsonElement> pages, string field, JsonTypeInfo<T> typeInfo, Func<T, DateTimeOffset, T> stamp, List<UnreadRow> unread)
    {
        var rows = new List<T>();
        var positions = new Dictionary<DateTimeOffset, int>();
        foreach (var page in pages)
        {
            if (page.ValueKind != JsonValueKind.Object || !page.TryGetProperty(field, out var value)
                || value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0))
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"Could not read {field}: expected rows keyed by unix epoch seconds.", field, null, null);
            }

            foreach (var entry in value.EnumerateObject())
            {
                var where = field + "." + entry.Name;
                if (!long.TryParse(entry.Name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                    || seconds < UnixTimeConverter.MinSeconds || seconds > UnixTimeConverter.MaxSeconds)
                {
                    unread.Add(new UnreadRow { Path = where, Reason = "The key is not unix epoch seconds.", Json = entry.Value.Clone() });
                    continue;
                }

                if (!TryDeserialize(entry.Value, typeInfo, where, unread, out var typed))
                {
                    continue;
                }

                var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
                var row = stamp(typed, at);
                if (positions.TryGetValue(at, out var position))
                {
                    rows[position] = row;
                }
                else
                {
                    positions[at] = rows.Count;
                    rows.Add(row);
                }
            }
        }

        return new FetchRecords<T>(rows, typeInfo);
    }

    // The body itself is the row (Heart v2 get, Stetho v2 get).
    private static FetchRecords<T> Bodies<T>(IReadOnlyList<JsonElement> pages, JsonTypeInfo<T> typeInfo, List<UnreadRow> unread)
    {
        var rows = new List<T>();
        foreach (var page in pages.Where(p => p.ValueKind == JsonValueKind.Object))
        {
            if (TryDeserialize(page, typeInfo, "body", unread, out var typed))
            {
                rows.Add(typed);
            }
        }

        return new FetchRecords<T>(rows, typeInfo);
    }

    private static FetchRecords<JsonElement> Raw(IReadOnlyList<JsonElement> pages)
    {
        var rows = new List<JsonElement>();
        foreach (var page in pages)
        {
            if (FetchPages.FindRowField(page) is { } field)
            {
                var value = page.GetProperty(field);
                if (value.ValueKind == JsonValueKind.Array)
                {
                    rows.AddRange(value.EnumerateArray());
                }
                else
                {
                    rows.AddRange(value.EnumerateObject().Select(p => p.Value));
                }
            }
        }

        return new FetchRecords<JsonElement>(rows, DataJsonContext.Default.JsonElement);
    }

    // The whole list, or null when a row of it cannot be typed (the caller then reads the rows one by one).
    private static List<T>? TryDeserializeList<T>(JsonElement rows, JsonTypeInfo<List<T>> typeInfo)
    {
        try
        {
            var list = JsonSerializer.Deserialize(rows, typeInfo);
            return list is not null && !list.Contains(default!) ? list : null;
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return null;
        }
    }

    private static bool TryDeserialize<T>(JsonElement row, JsonTypeInfo<T> typeInfo, string where, List<UnreadRow> unread, out T typed)
    {
        try
        {
            if (row.ValueKind == JsonValueKind.Object && JsonSerializer.Deserialize(row, typeInfo) is { } read)
            {
                typed = read;
                return true;
            }

            unread.Add(new UnreadRow { Path = where, Reason = "Expected a " + typeof(T).Name + " row (a JSON object).", Json = row.Clone() });
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            unread.Add(new UnreadRow { Path = where, Field = FieldOf(e), Reason = Describe(e), Json = row.Clone() });
        }

        typed = default!;
        return false;
    }

    private static bool IsReadFailure(Exception e) =>
        e is JsonException or InvalidOperationException or NotSupportedException or OverflowException or ArgumentException or FormatException;

    // The serializer's path starts at the row ("$.data.hr_average"): the field inside the row.
    private static string? FieldOf(Exception e) =>
        e is JsonException { Path: { Length: > 1 } path } && path[0] == '$'
            ? path.Substring(path[1] == '.' ? 2 : 1)
            : null;

    // The serializer's own message ends with where it stopped (" Path: $.x | LineNumber: 0 | …"): the field says that
    // already. Messages of other exceptions could quote the value, so only their kind is kept.
    private static string Describe(Exception e) => e switch
    {
        JsonException json when json.Message.IndexOf(" Path: ", StringComparison.Ordinal) is var end and > 0 => json.Message.Substring(0, end),
        JsonException json => json.Message,
        OverflowException => "A number is out of range.",
        _ => "The value could not be read (" + e.GetType().Name + ").",
    };

    private static string Where(string field, int index) => field + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>Reads one row, or says it could not (the typed rows' reading reports it: see <see cref="Read"/>).</summary>
    internal static bool TryDeserialize<T>(JsonElement row, JsonTypeInfo<T> typeInfo, out T typed)
    {
        try
        {
            if (JsonSerializer.Deserialize(row, typeInfo) is { } read)
            {
                typed = read;
                return true;
            }
        }
        catch (Exception e) when (IsReadFailure(e))
        {
        }

        typed = default!;
        return false;
    }

    internal static T Deserialize<T>(JsonElement row, JsonTypeInfo<T> typeInfo, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(row, typeInfo)
                ?? throw new JsonException("The row is null.");
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            var path = where + (e is JsonException { Path: { Length: > 1 } inner } ? inner.Substring(1) : string.Empty);
            throw new JsonException($"Could not read {where} as a {typeof(T).Name}: {e.Message}", path, null, null, e);
        }
    }
}
