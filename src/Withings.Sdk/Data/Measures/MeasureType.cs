namespace Withings.Sdk;

/// <summary>
/// The <c>type</c> (meastype) of a <see cref="Measure"/>, with the names and units Withings documents
/// (Withings' Getmeas documentation); <see cref="MeasureTypeCatalog"/> describes each of them.
/// </summary>
/// <remarks>
/// An open enum: Withings adds types over time, so any other number is kept as it came and can be cast to and from
/// <see cref="int"/> freely. The U-Scan urine analysis types (147, 148, 151, 204, 205, 248, 249, 251) have no member
/// because Withings publishes no name for each; <see cref="MeasureTypeCatalog"/> still knows them as urine results.
/// </remarks>
public enum MeasureType
{
    /// <summary>1: weight, kg.</summary>
    Weight = 1,

    /// <summary>4: height, m.</summary>
    Height = 4,

    /// <summary>5: fat-free mass, kg.</summary>
    FatFreeMass = 5,

    /// <summary>6: fat ratio, %.</summary>
    FatRatio = 6,

    /// <summary>8: fat mass, kg.</summary>
    FatMass = 8,

    /// <summary>9: diastolic blood pressure, mmHg.</summary>
    DiastolicBloodPressure = 9,

    /// <summary>10: systolic blood pressure, mmHg.</summary>
    SystolicBloodPressure = 10,

    /// <summary>11: heart pulse, bpm.</summary>
    HeartPulse = 11,

    /// <summary>12: temperature, °C.</summary>
    Temperature = 12,

    /// <summary>54: SpO2, %.</summary>
    SpO2 = 54,

    /// <summary>71: body temperature, °C.</summary>
    BodyTemperature = 71,

    /// <summary>73: skin temperature, °C.</summary>
    SkinTemperature = 73,

    /// <summary>76: muscle mass, kg.</summary>
    MuscleMass = 76,

    /// <summary>77: hydration, kg.</summary>
    Hydration = 77,

    /// <summary>88: bone mass, kg.</summary>
    BoneMass = 88,

    /// <summary>91: pulse wave velocity, m/s.</summary>
    PulseWaveVelocity = 91,

    /// <summary>123: VO2 max, ml/min/kg.</summary>
    Vo2Max = 123,

    /// <summary>130: atrial fibrillation result, a classification (0 negative, 1 positive, 2 inconclusive, …), not a physical value.</summary>
    AtrialFibrillationResult = 130,

    /// <summary>135: QRS interval duration, s.</summary>
    QrsInterval = 135,

    /// <summary>136: PR interval duration, s.</summary>
    PrInterval = 136,

    /// <summary>137: QT interval duration, s.</summary>
    QtInterval = 137,

    /// <summary>138: corrected QT interval duration, s.</summary>
    CorrectedQtInterval = 138,

    /// <summary>139: atrial fibrillation result from PPG, a classification.</summary>
    AtrialFibrillationFromPpg = 139,

    /// <summary>155: vascular age.</summary>
    VascularAge = 155,

    /// <summary>167: nerve health score.</summary>
    NerveHealthScore = 167,

    /// <summary>168: extracellular water, kg.</summary>
    ExtracellularWater = 168,

    /// <summary>169: intracellular water, kg.</summary>
    IntracellularWater = 169,

    /// <summary>170: visceral fat.</summary>
    VisceralFat = 170,

    /// <summary>173: segmental fat-free mass, kg.</summary>
    SegmentalFatFreeMass = 173,

    /// <summary>174: segmental fat mass, kg.</summary>
    SegmentalFatMass = 174,

    /// <summary>175: segmental muscle mass, kg.</summary>
    SegmentalMuscleMass = 175,

    /// <summary>196: electrodermal activity, now called "nerve response score".</summary>
    ElectrodermalActivity = 196,

    /// <summary>226: basal metabolic rate, kcal.</summary>
    BasalMetabolicRate = 226,

    /// <summary>227: metabolic age.</summary>
    MetabolicAge = 227,

    /// <summary>229: electrochemical skin conductance, µS.</summary>
    ElectrochemicalSkinConductance = 229,
}
