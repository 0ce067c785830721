using System.Globalization;
using System.Text.Json.Nodes;

namespace Withings.Sdk.Testing.Services;

/// <summary>
/// Withings' Measure - Getmeas (docs/withings-api.md §4) over a fixed account: two measure groups, filtered as Withings
/// filters them (category, <c>meastype</c>/<c>meastypes</c>, <c>startdate</c>/<c>enddate</c> on the group date, <c>lastupdate</c> on its
/// modification), in one page. The group fields follow the shape live Withings sends (device id, <c>modelid</c> where its
/// API reference writes <c>model_id</c>, a <c>null</c> comment, created and modified after the measure; see
/// docs/withings-api.md); the values are a plausible body composition.
/// </summary>
internal static class MeasureService
{
    private static readonly Group[] Groups =
    [
        // Inside the window of Withings' documented example notification (1530576000 to 1530698753): 2018-07-03 07:00 UTC.
        new(12, 1530601200, "892359876fd8805ac45bab078c4828692f0276b1", "Body Cardio", 6,
        [
            (1, 7200, -2), // weight 72.00 kg
            (5, 5512, -2), // fat-free mass 55.12 kg
            (6, 2345, -2), // fat ratio 23.45 %
            (8, 1688, -2), // fat mass 16.88 kg
            (76, 5240, -2), // muscle mass 52.40 kg
            (77, 3980, -2), // hydration 39.80 kg
            (88, 290, -2), // bone mass 2.90 kg
            (91, 71, -1), // pulse wave velocity 7.1 m/s
        ]),
        // A morning blood pressure reading, 2024-03-01 06:20 UTC.
        new(13, 1709274000, "5ac45bab078c4828692f0276b1892359876fd880", "BPM Connect", 45,
        [
            (9, 79, 0), // diastolic 79 mmHg
            (10, 121, 0), // systolic 121 mmHg
            (11, 64, 0), // heart pulse 64 bpm
        ]),
    ];

    public static WithingsReply GetMeas(WithingsRequest request)
    {
        if (!TryNumber(request, "category", out var category) || !TryNumber(request, "startdate", out var start)
            || !TryNumber(request, "enddate", out var end) || !TryNumber(request, "lastupdate", out var lastUpdate)
            || !TryNumber(request, "meastype", out var measType))
        {
            return WithingsReply.Status(503, "Invalid Params");
        }

        HashSet<long>? types = measType is { } one ? [one] : null;
        if (request.Field("meastypes") is { Length: > 0 } list)
        {
            types = [];
            foreach (var item in list.Split(','))
            {
                if (!long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var type))
                {
                    return WithingsReply.Status(503, "Invalid Params: meastypes");
                }

                types.Add(type);
            }
        }

        var groups = new JsonArray();
        foreach (var group in Groups)
        {
            if ((category ?? 1) != 1 || group.Date < (start ?? long.MinValue) || group.Date > (end ?? long.MaxValue)
                || group.Modified < (lastUpdate ?? long.MinValue))
            {
                continue;
            }

            var measures = group.Measures.Where(m => types is null || types.Contains(m.Type)).ToArray();
            if (measures.Length > 0)
            {
                groups.Add((JsonNode)group.ToJson(measures));
            }
        }

        return WithingsReply.Ok(new JsonObject
        {
            ["updatetime"] = 1709380800,
            ["timezone"] = "Europe/Paris",
            ["measuregrps"] = groups,
            ["more"] = 0,
            ["offset"] = 0,
        });
    }

    private static bool TryNumber(WithingsRequest request, string name, out long? value)
    {
        value = null;
        var text = request.Field(name);
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private sealed record Group(long GroupId, long Date, string DeviceId, string Model, int ModelId, (int Type, long Value, int Unit)[] Measures)
    {
        // Withings' documented example stores the group 1 000 s after the measure and modifies it 11 600 s after.
        public long Created => Date + 1000;

        public long Modified => Date + 11_600;

        public JsonObject ToJson(IEnumerable<(int Type, long Value, int Unit)> measures)
        {
            var array = new JsonArray();
            foreach (var (type, value, unit) in measures)
            {
                array.Add((JsonNode)new JsonObject { ["value"] = value, ["type"] = type, ["unit"] = unit });
            }

            return new JsonObject
            {
                ["grpid"] = GroupId,
                ["attrib"] = 0,
                ["date"] = Date,
                ["created"] = Created,
                ["modified"] = Modified,
                ["category"] = 1,
                ["deviceid"] = DeviceId,
                ["hash_deviceid"] = DeviceId,
                ["measures"] = array,
                ["modelid"] = ModelId,
                ["model"] = Model,
                ["comment"] = null,
            };
        }
    }
}
