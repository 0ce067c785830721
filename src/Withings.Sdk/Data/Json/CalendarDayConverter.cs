using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>A <c>YYYY-MM-DD</c> day as Withings writes it (<c>date</c> of activity, sleep and workouts).</summary>
internal sealed class CalendarDayConverter : JsonConverter<CalendarDay?>
{
    private const string Format = "yyyy-MM-dd";

    public override bool HandleNull => true;

    public override CalendarDay? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String
            && DateTime.TryParseExact(reader.GetString(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
#if NET6_0_OR_GREATER
            return DateOnly.FromDateTime(day);
#else
            return day.Date;
#endif
        }

        throw new JsonException("Expected a day as YYYY-MM-DD.");
    }

    public override void Write(Utf8JsonWriter writer, CalendarDay? value, JsonSerializerOptions options)
    {
        if (value is { } day)
        {
            writer.WriteStringValue(day.ToString(Format, CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
