namespace Withings.Sdk;

/// <summary>A Withings device model (<c>model_id</c>, <c>modelid</c>, or the numeric <c>model</c> of heart and workout rows).</summary>
/// <remarks>
/// The names are those of Withings' <c>model_id</c> table (User v2 Getdevice). Withings adds values over time: any other number is kept as it came (cast it to and from
/// <see cref="int"/>), never an error and never a log line.
/// </remarks>
public enum DeviceModel
{
    /// <summary>1: Withings WBS01.</summary>
    WithingsWBS01 = 1,

    /// <summary>2: WS30.</summary>
    WS30 = 2,

    /// <summary>3: Kid Scale.</summary>
    KidScale = 3,

    /// <summary>4: Smart Body Analyzer.</summary>
    SmartBodyAnalyzer = 4,

    /// <summary>5: Body+.</summary>
    BodyPlus = 5,

    /// <summary>6: Body Cardio.</summary>
    BodyCardio = 6,

    /// <summary>7: Body.</summary>
    Body = 7,

    /// <summary>9: Body Pro.</summary>
    BodyPro = 9,

    /// <summary>10: Body Scan.</summary>
    BodyScan = 10,

    /// <summary>11: WBS10.</summary>
    WBS10 = 11,

    /// <summary>12: WBS11.</summary>
    WBS11 = 12,

    /// <summary>18: Body Comp.</summary>
    BodyComp = 18,

    /// <summary>21: Smart Baby Monitor.</summary>
    SmartBabyMonitor = 21,

    /// <summary>22: Withings Home.</summary>
    WithingsHome = 22,

    /// <summary>41: Withings Blood Pressure Monitor V1.</summary>
    WithingsBloodPressureMonitorV1 = 41,

    /// <summary>42: Withings Blood Pressure Monitor V2.</summary>
    WithingsBloodPressureMonitorV2 = 42,

    /// <summary>43: Withings Blood Pressure Monitor V3.</summary>
    WithingsBloodPressureMonitorV3 = 43,

    /// <summary>44: BPM Core.</summary>
    BPMCore = 44,

    /// <summary>45: BPM Connect.</summary>
    BPMConnect = 45,

    /// <summary>46: BPM Connect Pro.</summary>
    BPMConnectPro = 46,

    /// <summary>47: BPM Pro 2.</summary>
    BPMPro2 = 47,

    /// <summary>48: BPM Vision.</summary>
    BPMVision = 48,

    /// <summary>51: Pulse.</summary>
    Pulse = 51,

    /// <summary>52: Activite.</summary>
    Activite = 52,

    /// <summary>53: Activite (Pop, Steel).</summary>
    ActivitePopSteel = 53,

    /// <summary>54: Withings Go.</summary>
    WithingsGo = 54,

    /// <summary>55: Activite Steel HR.</summary>
    ActiviteSteelHR = 55,

    /// <summary>58: Pulse HR.</summary>
    PulseHR = 58,

    /// <summary>59: Activite Steel HR Sport Edition.</summary>
    ActiviteSteelHRSportEdition = 59,

    /// <summary>60: Aura Dock.</summary>
    AuraDock = 60,

    /// <summary>61: Aura Sensor.</summary>
    AuraSensor = 61,

    /// <summary>63: Aura Sensor V2.</summary>
    AuraSensorV2 = 63,

    /// <summary>70: Thermo.</summary>
    Thermo = 70,

    /// <summary>71: BeamO.</summary>
    BeamO = 71,

    /// <summary>90: Move.</summary>
    Move = 90,

    /// <summary>91: Move ECG.</summary>
    MoveECG = 91,

    /// <summary>92: Move ECG.</summary>
    MoveECG92 = 92,

    /// <summary>93: ScanWatch.</summary>
    ScanWatch = 93,

    /// <summary>94: ScanWatch 2.</summary>
    ScanWatch2 = 94,

    /// <summary>95: ScanWatch Light.</summary>
    ScanWatchLight = 95,

    /// <summary>100: WUP01.</summary>
    WUP01 = 100,

    /// <summary>1051: iOS step tracker.</summary>
    IOSStepTracker = 1051,

    /// <summary>1052: iOS step tracker.</summary>
    IOSStepTracker1052 = 1052,

    /// <summary>1053: Android step tracker.</summary>
    AndroidStepTracker = 1053,

    /// <summary>1054: Android step tracker.</summary>
    AndroidStepTracker1054 = 1054,

    /// <summary>1055: GoogleFit tracker.</summary>
    GoogleFitTracker = 1055,

    /// <summary>1056: Samsung Health tracker.</summary>
    SamsungHealthTracker = 1056,

    /// <summary>1057: HealthKit step iPhone tracker.</summary>
    HealthKitStepIPhoneTracker = 1057,

    /// <summary>1058: HealthKit step Apple Watch tracker.</summary>
    HealthKitStepAppleWatchTracker = 1058,

    /// <summary>1059: HealthKit other step tracker.</summary>
    HealthKitOtherStepTracker = 1059,

    /// <summary>1060: Google Health Connect.</summary>
    GoogleHealthConnect = 1060,

    /// <summary>1061: Iglucose glucometer.</summary>
    IglucoseGlucometer = 1061,

    /// <summary>1062: Huawei tracker.</summary>
    HuaweiTracker = 1062,

    /// <summary>1063: Lingo Sensor.</summary>
    LingoSensor = 1063,
}
