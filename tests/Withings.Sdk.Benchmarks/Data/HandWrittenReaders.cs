using System.Globalization;
using System.Text.Json;

namespace Withings.Sdk.Benchmarks.Data;

/// <summary>
/// What a user writes without typed results: <c>JsonDocument</c> and a lookup per field, filling the same records the
/// SDK returns with the fields the pages hold.
/// </summary>
public static class HandWrittenReaders
{
    /// <summary>Sleep v2 get's segments by hand.</summary>
    /// <param name="utf8">The page body.</param>
    /// <returns>The segments.</returns>
    public static List<SleepSegment> SleepGet(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var segments = new List<SleepSegment>();
        foreach (var row in document.RootElement.GetProperty("series").EnumerateArray())
        {
            segments.Add(new SleepSegment
            {
                StartDate = DateTimeOffset.FromUnixTimeSeconds(row.GetProperty("startdate").GetInt64()),
                EndDate = DateTimeOffset.FromUnixTimeSeconds(row.GetProperty("enddate").GetInt64()),
                State = (SleepState)row.GetProperty("state").GetInt32(),
                Model = row.GetProperty("model").GetString(),
                ModelId = (DeviceModel)row.GetProperty("model_id").GetInt32(),
                HeartRate = Series(row, "hr"),
                RespirationRate = Series(row, "rr"),
                Snoring = Series(row, "snoring"),
                Sdnn1 = Series(row, "sdnn_1"),
            });
        }

        return segments;
    }

    /// <summary>getmeas' groups by hand.</summary>
    /// <param name="utf8">The page body.</param>
    /// <returns>The groups.</returns>
    public static List<MeasureGroup> Getmeas(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var groups = new List<MeasureGroup>();
        foreach (var row in document.RootElement.GetProperty("measuregrps").EnumerateArray())
        {
            var measures = new List<Measure>();
            foreach (var measure in row.GetProperty("measures").EnumerateArray())
            {
                measures.Add(new Measure
                {
                    RawValue = measure.GetProperty("value").GetInt64(),
                    Unit = measure.GetProperty("unit").GetInt32(),
                    Type = (MeasureType)measure.GetProperty("type").GetInt32(),
                    Algo = measure.TryGetProperty("algo", out var algo) ? algo.GetInt64() : null,
                    Fm = measure.TryGetProperty("fm", out var fm) ? fm.GetInt64() : null,
                    Position = measure.TryGetProperty("position", out var position) ? (WearPosition)position.GetInt32() : null,
                });
            }

            groups.Add(new MeasureGroup
            {
                GroupId = row.GetProperty("grpid").GetInt64(),
                Attribution = row.GetProperty("attrib").GetInt32(),
                Date = DateTimeOffset.FromUnixTimeSeconds(row.GetProperty("date").GetInt64()),
                Created = DateTimeOffset.FromUnixTimeSeconds(row.GetProperty("created").GetInt64()),
                Modified = DateTimeOffset.FromUnixTimeSeconds(row.GetProperty("modified").GetInt64()),
                Category = row.GetProperty("category").GetInt32(),
                DeviceId = row.GetProperty("deviceid").GetString(),
                HashDeviceId = row.GetProperty("hash_deviceid").GetString(),
                Model = row.GetProperty("model").GetString(),
                ModelId = (DeviceModel)row.GetProperty("model_id").GetInt32(),
                Measures = measures,
            });
        }

        return groups;
    }

    private static Dictionary<DateTimeOffset, double> Series(JsonElement row, string name)
    {
        var values = new Dictionary<DateTimeOffset, double>();
        foreach (var entry in row.GetProperty(name).EnumerateObject())
        {
            values[DateTimeOffset.FromUnixTimeSeconds(long.Parse(entry.Name, CultureInfo.InvariantCulture))] = entry.Value.GetDouble();
        }

        return values;
    }
}
