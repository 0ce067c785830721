using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>Reads the typed rows of a request's pages: which field holds them and what type each service's rows are.</summary>
internal static class RecordReader
{
    private const string GetDevice = "getdevice";

    /// <exception cref="JsonException">A row could not be read; the message and path name it.</exception>
    public static FetchRecords Read(FetchRequest request, IReadOnlyList<JsonElement> pages) => (request.Path, request.Action) switch
    {
        (MeasurePath, GetMeas) => Rows(pages, "measuregrps", DataJsonContext.Default.MeasureGroup),
        (MeasureV2Path, GetActivity) => Rows(pages, "activities", DataJsonContext.Default.DailyActivity),
        (MeasureV2Path, GetIntradayActivity) => Keyed(pages, "series", DataJsonContext.Default.IntradayActivitySample, static (row, at) => row with { Timestamp = at }),
        (MeasureV2Path, GetWorkouts) => Rows(pages, "series", DataJsonContext.Default.Workout),
        (SleepV2Path, Get) => Rows(pages, "series", DataJsonContext.Default.SleepSegment),
        (SleepV2Path, GetSummary) => Rows(pages, "series", DataJsonContext.Default.SleepSummary),
        (HeartV2Path, List) => Rows(pages, "series", DataJsonContext.Default.EcgRecording),
        (HeartV2Path, Get) => Bodies(pages, DataJsonContext.Default.EcgSignal),
        (UserV2Path, GetDevice) => Rows(pages, "devices", DataJsonContext.Default.UserDevice),
        (AnswersV2Path, Get) => Rows(pages, "answers", DataJsonContext.Default.SurveyAnswers),
        _ => Raw(pages),
    };

    /// <summary>An empty result's rows.</summary>
    public static FetchRecords None { get; } = new FetchRecords<JsonElement>([], DataJsonContext.Default.JsonElement);

    // A list of rows; a lone object is one row (the shape openapi.yml gives Sleep v2 get's series).
    private static FetchRecords<T> Rows<T>(IReadOnlyList<JsonElement> pages, string field, JsonTypeInfo<T> typeInfo)
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
                case JsonValueKind.Array:
                    foreach (var row in value.EnumerateArray())
                    {
                        rows.Add(Deserialize(row, typeInfo, Where(field, index++)));
                    }

                    break;
                case JsonValueKind.Object:
                    rows.Add(Deserialize(value, typeInfo, Where(field, index++)));
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
    private static FetchRecords<T> Keyed<T>(IReadOnlyList<JsonElement> pages, string field, JsonTypeInfo<T> typeInfo, Func<T, DateTimeOffset, T> stamp)
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
                    throw new JsonException($"Could not read {where}: the key is not unix epoch seconds.", where, null, null);
                }

                var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
                var row = stamp(Deserialize(entry.Value, typeInfo, where), at);
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

    // The body itself is the row (Heart v2 get).
    private static FetchRecords<T> Bodies<T>(IReadOnlyList<JsonElement> pages, JsonTypeInfo<T> typeInfo) =>
        new(pages.Where(p => p.ValueKind == JsonValueKind.Object).Select(p => Deserialize(p, typeInfo, "body")).ToList(), typeInfo);

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

    private static string Where(string field, int index) => field + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    internal static T Deserialize<T>(JsonElement row, JsonTypeInfo<T> typeInfo, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(row, typeInfo)
                ?? throw new JsonException("The row is null.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or OverflowException or ArgumentException or FormatException)
        {
            var path = where + (e is JsonException { Path: { Length: > 1 } inner } ? inner.Substring(1) : string.Empty);
            throw new JsonException($"Could not read {where} as a {typeof(T).Name}: {e.Message}", path, null, null, e);
        }
    }
}
