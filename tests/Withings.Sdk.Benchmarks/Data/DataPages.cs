using System.Globalization;
using System.Text;

namespace Withings.Sdk.Benchmarks.Data;

/// <summary>
/// Response pages in the documented shapes, made large: a Sleep v2 get page of 1 000 segments (each with its
/// hr/rr/snoring/sdnn_1 series, one value a minute) and a getmeas page of 500 weighings (weight, fat ratio, fat
/// mass, muscle mass). The values vary so that nothing is shared between rows.
/// </summary>
public static class DataPages
{
    /// <summary>The envelope <c>body</c> of a Sleep v2 get page with <paramref name="rows"/> segments.</summary>
    /// <param name="rows">How many segments.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] SleepGet(int rows)
    {
        var json = new StringBuilder("{\"model\":32,\"series\":[");
        var start = 1594159200L;
        for (var i = 0; i < rows; i++)
        {
            var end = start + 300;
            json.Append(i == 0 ? "{" : ",{")
                .Append(CultureInfo.InvariantCulture, $"\"startdate\":{start},\"enddate\":{end},\"state\":{i % 4},\"model\":\"Aura Sensor V2\",\"model_id\":63");
            Series(json, "hr", start, 5, 55 + (i % 20));
            Series(json, "rr", start, 5, 12 + (i % 6));
            Series(json, "snoring", start, 5, i % 3 == 0 ? 30 : 0);
            Series(json, "sdnn_1", start, 5, 40 + (i % 15));
            json.Append('}');
            start = end;
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    /// <summary>The envelope <c>body</c> of a getmeas page with <paramref name="groups"/> measure groups.</summary>
    /// <param name="groups">How many groups.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Getmeas(int groups)
    {
        var json = new StringBuilder("{\"updatetime\":\"1594257200\",\"timezone\":\"Europe/Paris\",\"measuregrps\":[");
        for (var i = 0; i < groups; i++)
        {
            var date = 1594245600L + (i * 86_400L);
            json.Append(i == 0 ? "{" : ",{")
                .Append(CultureInfo.InvariantCulture, $"\"grpid\":{1000 + i},\"attrib\":0,\"date\":{date},\"created\":{date + 60},\"modified\":{date + 60},\"category\":1,")
                .Append("\"deviceid\":\"892359876fd8805ac45bab078c4828692f0276b1\",\"hash_deviceid\":\"892359876fd8805ac45bab078c4828692f0276b1\",\"measures\":[")
                .Append(CultureInfo.InvariantCulture, $"{{\"value\":{72000 + i},\"type\":1,\"unit\":-3,\"algo\":3425,\"fm\":1,\"position\":4}},")
                .Append(CultureInfo.InvariantCulture, $"{{\"value\":{2300 + (i % 100)},\"type\":6,\"unit\":-2}},")
                .Append(CultureInfo.InvariantCulture, $"{{\"value\":{16500 + i},\"type\":8,\"unit\":-3}},")
                .Append(CultureInfo.InvariantCulture, $"{{\"value\":{5400 + (i % 50)},\"type\":76,\"unit\":-2}}")
                .Append("],\"model\":\"Body Cardio\",\"model_id\":6}");
        }

        return Encoding.UTF8.GetBytes(json.Append("],\"more\":0,\"offset\":0}").ToString());
    }

    private static void Series(StringBuilder json, string name, long start, int count, int value)
    {
        json.Append(",\"").Append(name).Append("\":{");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "\"" : ",\"").Append(start + (i * 60)).Append("\":").Append(value + i);
        }

        json.Append('}');
    }
}
