namespace Withings.Sdk;

/// <summary>
/// Every measure type Withings documents for Getmeas: name, unit and what it measures. Look a code up with
/// <see cref="Find"/>; a code Withings added later is simply not in the catalogue (and still read as its number).
/// </summary>
/// <remarks>
/// Names and units are Withings' own: a type Withings documents without a unit has none here, and the U-Scan urine
/// types (147, 148, 151, 204, 205, 248, 249, 251), which Withings lists without publishing a name or a unit for each,
/// are named only as urine analysis results with their code. Units are as Withings gives them, not converted (for
/// example <c>kcal</c> and <c>µS</c>).
/// </remarks>
public static class MeasureTypeCatalog
{
    // The U-Scan urine analysis codes: newer than Withings' getmeas table, listed by Withings without names or units.
    private static readonly int[] UrineCodes = [147, 148, 151, 204, 205, 248, 249, 251];

    private static readonly Dictionary<MeasureType, MeasureTypeInfo> ByType = new MeasureTypeInfo[]
    {
        new(MeasureType.Weight, "Weight", "kg", "Body weight."),
        new(MeasureType.Height, "Height", "m", "Height."),
        new(MeasureType.FatFreeMass, "Fat-free mass", "kg", "Body mass that is not fat."),
        new(MeasureType.FatRatio, "Fat ratio", "%", "Share of the body mass that is fat."),
        new(MeasureType.FatMass, "Fat mass", "kg", "Body mass that is fat."),
        new(MeasureType.DiastolicBloodPressure, "Diastolic blood pressure", "mmHg", "Blood pressure between heartbeats."),
        new(MeasureType.SystolicBloodPressure, "Systolic blood pressure", "mmHg", "Blood pressure during a heartbeat."),
        new(MeasureType.HeartPulse, "Heart pulse", "bpm", "Heart rate, measured by blood pressure monitors and scales."),
        new(MeasureType.Temperature, "Temperature", "°C", "Temperature."),
        new(MeasureType.SpO2, "SpO2", "%", "Oxygen saturation of the blood."),
        new(MeasureType.BodyTemperature, "Body temperature", "°C", "Body temperature."),
        new(MeasureType.SkinTemperature, "Skin temperature", "°C", "Skin temperature."),
        new(MeasureType.MuscleMass, "Muscle mass", "kg", "Muscle mass."),
        new(MeasureType.Hydration, "Hydration", "kg", "Body water."),
        new(MeasureType.BoneMass, "Bone mass", "kg", "Bone mass."),
        new(MeasureType.PulseWaveVelocity, "Pulse wave velocity", "m/s", "Speed of the pulse wave along the arteries, a sign of their stiffness."),
        new(MeasureType.Vo2Max, "VO2 max", "ml/min/kg", "The body's ability to consume oxygen."),
        new(MeasureType.AtrialFibrillationResult, "Atrial fibrillation result", null, "Classification of an ECG: 0 negative, 1 positive, 2 inconclusive, 3 no signal, 4 other, 5 noise, 6 low heart rate, 7 high heart rate, 8 inconclusive (US), 9 negative with normal heart rate, 10 negative with high heart rate, 11 positive with normal heart rate, 12 positive with high heart rate, 13 no diagnosis."),
        new(MeasureType.QrsInterval, "QRS interval", "s", "QRS interval duration, from the ECG signal."),
        new(MeasureType.PrInterval, "PR interval", "s", "PR interval duration, from the ECG signal."),
        new(MeasureType.QtInterval, "QT interval", "s", "QT interval duration, from the ECG signal."),
        new(MeasureType.CorrectedQtInterval, "Corrected QT interval", "s", "Corrected QT interval duration, from the ECG signal."),
        new(MeasureType.AtrialFibrillationFromPpg, "Atrial fibrillation from PPG", null, "Atrial fibrillation classification from the optical (PPG) sensor."),
        new(MeasureType.VascularAge, "Vascular age", null, "Vascular age, in years."),
        new(MeasureType.NerveHealthScore, "Nerve health score", null, "Nerve health score from the conductance between two electrodes under the feet."),
        new(MeasureType.ExtracellularWater, "Extracellular water", "kg", "Water outside the cells."),
        new(MeasureType.IntracellularWater, "Intracellular water", "kg", "Water inside the cells."),
        new(MeasureType.VisceralFat, "Visceral fat", null, "Visceral fat index, without a unit."),
        new(MeasureType.SegmentalFatFreeMass, "Segmental fat-free mass", "kg", "Fat-free mass of body segments."),
        new(MeasureType.SegmentalFatMass, "Segmental fat mass", "kg", "Fat mass of body segments."),
        new(MeasureType.SegmentalMuscleMass, "Segmental muscle mass", "kg", "Muscle mass of body segments."),
        new(MeasureType.ElectrodermalActivity, "Electrodermal activity", null, "Electrodermal activity of the feet, now called nerve response score."),
        new(MeasureType.BasalMetabolicRate, "Basal metabolic rate", "kcal", "Energy the body uses at rest."),
        new(MeasureType.MetabolicAge, "Metabolic age", null, "Metabolic age, in years."),
        new(MeasureType.ElectrochemicalSkinConductance, "Electrochemical skin conductance", "µS", "Electrochemical skin conductance (ESC)."),
    }.Concat(UrineCodes.Select(Urine)).ToDictionary(info => info.Type);

    /// <summary>Every documented measure type, by code.</summary>
    public static IReadOnlyCollection<MeasureTypeInfo> All => ByType.Values;

    /// <summary>What a measure type measures.</summary>
    /// <param name="type">The code, documented or not.</param>
    /// <returns>Its description, or <see langword="null"/> when Withings documents no such code.</returns>
    public static MeasureTypeInfo? Find(MeasureType type) => ByType.TryGetValue(type, out var info) ? info : null;

    private static MeasureTypeInfo Urine(int code) => new(
        (MeasureType)code,
        "Urine analysis " + code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null,
        "A U-Scan urine analysis result; Withings publishes no name or unit for this code, so read the value as sent.");
}
