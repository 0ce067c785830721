using System.Globalization;
using System.Text.Json;

namespace Withings.Sdk;

/// <summary>
/// The pages of one request put back together: which field holds the rows, how many there are, one merged body,
/// and the typed rows.
/// </summary>
internal static class FetchPages
{
    // Where each service puts its rows (Withings' API reference): getmeas, the v2 series, getactivity,
    // Answers v2 get, User v2 link and getdevice.
    private static readonly string[] RowFields = ["measuregrps", "series", "activities", "answers", "devices"];

    /// <summary>The name of the field holding the rows: a known one, else the first array.</summary>
    public static string? FindRowField(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in RowFields)
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
            {
                return name;
            }
        }

        foreach (var property in body.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                return property.Name;
            }
        }

        return null;
    }

    /// <summary>The rows of a page: array items, or the entries of an object keyed by timestamp (intraday activity).</summary>
    public static int CountRows(JsonElement body)
    {
        var field = FindRowField(body);
        if (field is null)
        {
            return 0;
        }

        var rows = body.GetProperty(field);
        return rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength() : rows.EnumerateObject().Count();
    }

    /// <summary>
    /// One body for all pages: the last page's fields (its <c>more</c> and <c>offset</c> say where reading stopped),
    /// with the row field holding every page's rows in order.
    /// </summary>
    public static JsonElement Merge(IReadOnlyList<JsonElement> pages)
    {
        if (pages.Count == 1)
        {
            return pages[0];
        }

        var last = pages[pages.Count - 1];
        var field = FindRowField(last) ?? FindRowField(pages[0]);
        if (field is null || last.ValueKind != JsonValueKind.Object)
        {
            return last;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var written = false;
            foreach (var property in last.EnumerateObject())
            {
                if (property.NameEquals(field))
                {
                    WriteRows(writer, field, pages);
                    written = true;
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            if (!written)
            {
                WriteRows(writer, field, pages);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>The measure groups of a getmeas body.</summary>
    public static void AddMeasureGroups(JsonElement body, List<MeasureGroup> groups)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("measuregrps", out var rows) && rows.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var row in rows.EnumerateArray())
            {
                groups.Add(RecordReader.Deserialize(row, DataJsonContext.Default.MeasureGroup, Where("measuregrps", index++)));
            }
        }
    }

    /// <summary>The rows of a v2 body's <c>series</c> (array, or object keyed by timestamp) or <c>activities</c>.</summary>
    public static void AddSeries(JsonElement body, List<SeriesEntry> series)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var name in new[] { "series", "activities" })
        {
            if (!body.TryGetProperty(name, out var rows))
            {
                continue;
            }

            if (rows.ValueKind == JsonValueKind.Array)
            {
                foreach (var row in rows.EnumerateArray())
                {
                    // A row that cannot be read is left out here; the typed rows report it (FetchResult.UnreadRows).
                    if (row.ValueKind == JsonValueKind.Object && RecordReader.TryDeserialize(row, DataJsonContext.Default.SeriesEntry, out var entry))
                    {
                        series.Add(entry);
                    }
                }
            }
            else if (rows.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in rows.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object || !RecordReader.TryDeserialize(entry.Value, DataJsonContext.Default.SeriesEntry, out var row))
                    {
                        continue;
                    }

                    series.Add(long.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && row.Timestamp is null
                        ? row with { Timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds) }
                        : row);
                }
            }
        }
    }

    /// <summary>
    /// The user's time zone as Withings sent it: the body's <c>timezone</c> (getmeas), else the first row's
    /// (getactivity, getworkouts, sleep getsummary, getdevice); <see langword="null"/> when Withings sent none.
    /// </summary>
    public static string? FindTimeZone(IReadOnlyList<JsonElement> pages)
    {
        foreach (var page in pages)
        {
            if (JsonFields.GetString(page, "timezone") is { Length: > 0 } zone)
            {
                return zone;
            }

            if (FindRowField(page) is { } field && page.GetProperty(field) is { ValueKind: JsonValueKind.Array } rows)
            {
                foreach (var row in rows.EnumerateArray())
                {
                    if (JsonFields.GetString(row, "timezone") is { Length: > 0 } rowZone)
                    {
                        return rowZone;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Withings' clock for the data of these pages: the latest <c>modified</c> of any row, else the latest
    /// <c>updatetime</c> of a page; <see langword="null"/> when there is neither (or only values out of range).
    /// </summary>
    public static DateTimeOffset? FindDataUpdatedAt(IReadOnlyList<JsonElement> pages)
    {
        long? modified = null, updated = null;
        foreach (var page in pages)
        {
            updated = Later(updated, JsonFields.GetInt64(page, "updatetime"));
            if (FindRowField(page) is { } field && page.GetProperty(field) is { ValueKind: JsonValueKind.Array } rows)
            {
                foreach (var row in rows.EnumerateArray())
                {
                    modified = Later(modified, JsonFields.GetInt64(row, "modified"));
                }
            }
        }

        return (modified ?? updated) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }

    /// <summary>
    /// A result read on from its <see cref="FetchResult.NextOffset"/>: <paramref name="first"/>'s request and window,
    /// with <paramref name="next"/>'s pages, rows, follow-ups and state (more to read, or the error) after its own.
    /// </summary>
    public static FetchResult Append(FetchResult first, FetchResult next)
    {
        var body = next.Pages == 0 ? first.Body : Merge([first.Body, next.Body]);
        var result = first with
        {
            Body = body,
            Pages = first.Pages + next.Pages,
            Rows = first.Rows + next.Rows,
            Truncated = next.Truncated,
            NextOffset = next.NextOffset,
            Error = next.Error,
            FollowUps = [.. first.FollowUps, .. next.FollowUps],
            DataUpdatedAt = Later(first.DataUpdatedAt, next.DataUpdatedAt),
            TimeZone = first.TimeZone ?? next.TimeZone,
        };
        return next.Error is not null ? result : result with
        {
            Records = first.Records.Append(next.Records),
            MeasureGroups = [.. first.MeasureGroups, .. next.MeasureGroups],
            Series = [.. first.Series, .. next.Series],
            UnreadRows = [.. first.UnreadRows, .. next.UnreadRows],
        };
    }

    private static long? Later(long? known, long? candidate) =>
        candidate is >= 0 and <= 253_402_300_799 && (known is null || candidate > known) ? candidate : known;

    private static DateTimeOffset? Later(DateTimeOffset? known, DateTimeOffset? candidate) =>
        candidate is { } value && (known is null || value > known) ? value : known;

    private static string Where(string field, int index) => field + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static void WriteRows(Utf8JsonWriter writer, string field, IReadOnlyList<JsonElement> pages)
    {
        var asObject = pages.Any(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty(field, out var rows) && rows.ValueKind == JsonValueKind.Object);
        writer.WritePropertyName(field);
        if (asObject)
        {
            // Keyed by timestamp: a key repeated on a later page replaces the earlier entry.
            var entries = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var page in pages)
            {
                if (page.ValueKind == JsonValueKind.Object && page.TryGetProperty(field, out var rows) && rows.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in rows.EnumerateObject())
                    {
                        if (!entries.ContainsKey(entry.Name))
                        {
                            order.Add(entry.Name);
                        }

                        entries[entry.Name] = entry.Value;
                    }
                }
            }

            writer.WriteStartObject();
            foreach (var key in order)
            {
                writer.WritePropertyName(key);
                entries[key].WriteTo(writer);
            }

            writer.WriteEndObject();
            return;
        }

        writer.WriteStartArray();
        foreach (var page in pages)
        {
            if (page.ValueKind == JsonValueKind.Object && page.TryGetProperty(field, out var rows) && rows.ValueKind == JsonValueKind.Array)
            {
                foreach (var row in rows.EnumerateArray())
                {
                    row.WriteTo(writer);
                }
            }
        }

        writer.WriteEndArray();
    }
}
