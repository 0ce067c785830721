using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>Reads the typed rows of a request's pages: which field holds them and what type each service's rows are.</summary>
internal static partial class RecordReader
{
    private const string GetDevice = "getdevice";

    /// <exception cref="JsonException">A row could not be read; the message and path name it.</exception>
    public static FetchRecords Read(FetchRequest request, IReadOnlyList<JsonElement> pages) => (request.Path, request.Action) switch
    {
        (MeasurePath, GetMeas) => Rows(pages, "measuregrps", DataJsonContext.Default.MeasureGroup, DataJsonContext.Default.ListMeasureGroup),
        (MeasureV2Path, GetActivity) => Rows(pages, "activities", DataJsonContext.Default.DailyActivity, DataJsonContext.Default.ListDailyActivity),
        (MeasureV2Path, GetIntradayActivity) => Keyed(pages, "series", DataJsonContext.Default.IntradayActivitySample, static (row, at) => row with { Timestamp = at }),
        (MeasureV2Path, GetWorkouts) => Rows(pages, "series", DataJsonContext.Default.Workout, DataJsonContext.Default.ListWorkout),
        (SleepV2Path, Get) => Rows(pages, "series", DataJsonContext.Default.SleepSegment, DataJsonContext.Default.ListSleepSegment),
        (SleepV2Path, GetSummary) => Rows(pages, "series", DataJsonContext.Default.SleepSummary, DataJsonContext.Default.ListSleepSummary),
        (HeartV2Path, List) => Rows(pages, "series", DataJsonContext.Default.EcgRecording, DataJsonContext.Default.ListEcgRecording),
        (HeartV2Path, Get) => Bodies(pages, DataJsonContext.Default.EcgSignal),
        (UserV2Path, GetDevice) => Rows(pages, "devices", DataJsonContext.Default.UserDevice, DataJsonContext.Default.ListUserDevice),
        (AnswersV2Path, Get) => Rows(pages, "answers", DataJsonContext.Default.SurveyAnswers, DataJsonContext.Default.ListSurveyAnswers),
        _ => Raw(pages),
    };

    /// <summary>An empty result's rows.</summary>
    public static FetchRecords None { get; } = new FetchRecords<JsonElement>([], DataJsonContext.Default.JsonElement);

    // A list of rows, read in one call per page (a call per row costs the serializer's set-up each time); a lone
    // object is one row (the shape Withings' API reference gives Sleep v2 get's series).
    private static FetchRecords<T> Rows<T>(IReadOnlyList<JsonElement> pages, string field, JsonTypeInfo<T> typeInfo, JsonTypeInfo<List<T>> listTypeInfo)
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
                    var read = DeserializeList(value, listTypeInfo, field, index);
                    rows.AddRange(read);
                    index += read.Count;
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

    private static List<T> DeserializeList<T>(JsonElement rows, JsonTypeInfo<List<T>> typeInfo, string field, int first)
    {
        List<T> list;
        try
        {
            list = JsonSerializer.Deserialize(rows, typeInfo) ?? [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or OverflowException or ArgumentException or FormatException)
        {
            // The serializer's path starts at the list ("$[3].date"): name the row by its place in all the pages.
            var match = e is JsonException { Path: { } path } ? RowPath().Match(path) : Match.Empty;
            var where = match.Success ? Where(field, first + int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) : field;
            throw new JsonException($"Could not read {where} as a {typeof(T).Name}: {e.Message}", where + (match.Success ? match.Groups[2].Value : string.Empty), null, null, e);
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                var where = Where(field, first + i);
                throw new JsonException($"Could not read {where} as a {typeof(T).Name}: the row is null.", where, null, null);
            }
        }

        return list;
    }

    private static string Where(string field, int index) => field + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

#if NET7_0_OR_GREATER
    [GeneratedRegex(@"^\$\[(\d{1,9})\](.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RowPath();
#else
    private static readonly Regex RowPathRegex = new(@"^\$\[(\d{1,9})\](.*)$", RegexOptions.CultureInvariant);

    private static Regex RowPath() => RowPathRegex;
#endif

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
