namespace Withings.Sdk.Tests.Data;

/// <summary>Withings' documentation: "Measure values are value × 10^unit".</summary>
public sealed class MeasureTests
{
    [TestCase(7200L, -2, "72.00")]
    [TestCase(65750L, -3, "65.750")]
    [TestCase(-15L, -1, "-1.5")]
    [TestCase(80L, 0, "80")]
    [TestCase(12L, 2, "1200")]
    [TestCase(9223372036854775807L, -28, "0.0000000009223372036854775807")]
    [TestCase(123L, -30, "0.0000000000000000000000000001")]
    [TestCase(9223372036854775807L, int.MinValue, "0")]
    [TestCase(0L, int.MaxValue, "0")]
    public void Value_RawValueAndUnit_IsExact(long rawValue, int unit, string expected)
    {
        var measure = new Measure { RawValue = rawValue, Unit = unit, Type = MeasureType.Weight };

        measure.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected);
    }

    [Test]
    public void Value_PowerBeyondDecimal_ThrowsOverflowAtOnce()
    {
        var measure = new Measure { RawValue = 1, Unit = int.MaxValue, Type = MeasureType.Weight };

        var read = () => measure.Value;

        read.Should().Throw<OverflowException>().WithMessage("1 × 10^2147483647 does not fit in a decimal.");
    }
}
