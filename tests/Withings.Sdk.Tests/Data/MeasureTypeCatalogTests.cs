namespace Withings.Sdk.Tests.Data;

/// <summary>
/// Issue 22, item 5: the catalogue holds Withings' getmeas meastype table (docs/withings-api.md §5) and the U-Scan urine
/// codes, with names and units only where Withings gives them.
/// </summary>
public sealed class MeasureTypeCatalogTests
{
    // Withings' getmeas meastype table, copied from docs/withings-api.md §5.
    private static readonly int[] DocumentedTable =
        [1, 4, 5, 6, 8, 9, 10, 11, 12, 54, 71, 73, 76, 77, 88, 91, 123, 130, 135, 136, 137, 138, 139, 155, 167, 168, 169, 170, 173, 174, 175, 196, 226, 227, 229];

    // The urine analysis codes a U-Scan sends (appli 63), docs/withings-api.md §5.
    private static readonly int[] UrineCodes = [147, 148, 151, 204, 205, 248, 249, 251];

    [Test]
    public void All_IsTheDocumentedTableAndTheUrineCodes()
    {
        MeasureTypeCatalog.All.Select(i => (int)i.Type).Should().BeEquivalentTo(DocumentedTable.Concat(UrineCodes));
    }

    [TestCaseSource(nameof(UrineCodes))]
    public void Find_UrineCode_IsAUrineAnalysisResultWithoutAUnit(int code)
    {
        var info = MeasureTypeCatalog.Find((MeasureType)code);

        info.Should().NotBeNull();
        info!.Name.Should().Be("Urine analysis " + code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.Unit.Should().BeNull("Withings publishes no unit for the urine codes");
        info.Description.Should().Contain("U-Scan").And.EndWith(".");
    }

    [TestCase(MeasureType.BasalMetabolicRate, "kcal")]
    [TestCase(MeasureType.ElectrochemicalSkinConductance, "µS")]
    [TestCase(MeasureType.VisceralFat, null)]
    [TestCase(MeasureType.VascularAge, null)]
    [TestCase(MeasureType.MetabolicAge, null)]
    [TestCase(MeasureType.SegmentalFatMass, "kg")]
    [TestCase(MeasureType.ExtracellularWater, "kg")]
    public void Find_NewerScaleTypes_HaveTheUnitWithingsGives(MeasureType type, string? unit)
    {
        MeasureTypeCatalog.Find(type)!.Unit.Should().Be(unit);
    }
}
