using System.Text.Json;
using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>One measure of a <see cref="MeasureGroup"/>: Withings sends an integer and a power of ten.</summary>
public sealed record Measure
{
    /// <summary>The integer Withings sent (<c>value</c>); the real value is <see cref="Value"/>.</summary>
    [JsonPropertyName("value")]
    public long RawValue { get; init; }

    /// <summary>The power of ten to apply to <see cref="RawValue"/> (<c>unit</c>), for example -2 for hundredths.</summary>
    [JsonPropertyName("unit")]
    public int Unit { get; init; }

    /// <summary>What was measured (<c>type</c>); any number Withings sends is kept, documented or not.</summary>
    [JsonPropertyName("type")]
    [JsonConverter(typeof(OpenCodeConverter<MeasureType>))]
    public MeasureType Type { get; init; }

    /// <summary>Withings' <c>algo</c> field, deprecated by Withings.</summary>
    [JsonPropertyName("algo")]
    public long? Algo { get; init; }

    /// <summary>Withings' <c>fm</c> field, deprecated by Withings.</summary>
    [JsonPropertyName("fm")]
    public long? Fm { get; init; }

    /// <summary>Where the device was during the measure (<c>position</c>).</summary>
    [JsonPropertyName("position")]
    [JsonConverter(typeof(NullableOpenCodeConverter<WearPosition>))]
    public WearPosition? Position { get; init; }

    /// <summary>
    /// The real value, <c>value × 10^unit</c>, exact: <c>{"value":7200,"unit":-2}</c> is <c>72.00</c>.
    /// </summary>
    /// <exception cref="OverflowException">The value does not fit in a <see cref="decimal"/> (|value| ≥ 7.9 × 10^28).</exception>
    [JsonIgnore]
    public decimal Value => Scale(RawValue, Unit);

    /// <summary>Every other field Withings sent the SDK does not model, kept as JSON.</summary>
    // Internal set: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalFields { get; internal set; }

    internal static decimal Scale(long value, int unit)
    {
        if (unit <= 0 && unit >= -28)
        {
            // Built from the digits and the scale, so the result keeps the precision Withings sent (72.00, not 72).
            var magnitude = value == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(value);
            return new decimal((int)(magnitude & 0xFFFFFFFF), (int)(magnitude >> 32), 0, value < 0, (byte)-unit);
        }

        // Past these powers no value survives: every long is 0 below 10^-47, and every non-zero one overflows above 10^28.
        if (value == 0 || unit < -47)
        {
            return 0m;
        }

        if (unit > 28)
        {
            throw new OverflowException($"{value} × 10^{unit} does not fit in a decimal.");
        }

        var result = (decimal)value;
        for (var i = 0; i < unit; i++)
        {
            result *= 10;
        }

        for (var i = 0; i > unit; i--)
        {
            result /= 10;
        }

        return result;
    }
}
