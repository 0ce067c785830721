namespace Withings.Sdk;

/// <summary>Where the device was worn for a recording (<c>wearposition</c> of Heart v2 get, <c>position</c> of a measure).</summary>
/// <remarks>
/// The names follow Withings' Heart v2 get documentation. Withings adds values over time: any other number is kept as it came (cast it to and from
/// <see cref="int"/>), never an error and never a log line.
/// </remarks>
public enum WearPosition
{
    /// <summary>0: right wrist.</summary>
    RightWrist = 0,

    /// <summary>1: left wrist.</summary>
    LeftWrist = 1,

    /// <summary>2: right arm.</summary>
    RightArm = 2,

    /// <summary>3: left arm.</summary>
    LeftArm = 3,

    /// <summary>4: right foot.</summary>
    RightFoot = 4,

    /// <summary>5: left foot.</summary>
    LeftFoot = 5,

    /// <summary>6: between legs.</summary>
    BetweenLegs = 6,

    /// <summary>8: left part of the body.</summary>
    LeftPartOfTheBody = 8,

    /// <summary>9: right part of the body.</summary>
    RightPartOfTheBody = 9,

    /// <summary>10: left leg.</summary>
    LeftLeg = 10,

    /// <summary>11: right leg.</summary>
    RightLeg = 11,

    /// <summary>12: torso.</summary>
    Torso = 12,

    /// <summary>13: left hand.</summary>
    LeftHand = 13,

    /// <summary>14: right hand.</summary>
    RightHand = 14,

    /// <summary>15: cardiovascular aortic area.</summary>
    CardiovascularAorticArea = 15,

    /// <summary>16: cardiovascular pulmonic area.</summary>
    CardiovascularPulmonicArea = 16,

    /// <summary>17: cardiovascular tricuspid area.</summary>
    CardiovascularTricuspidArea = 17,

    /// <summary>18: cardiovascular mitral area.</summary>
    CardiovascularMitralArea = 18,

    /// <summary>19: cardiovascular apex area.</summary>
    CardiovascularApexArea = 19,

    /// <summary>20: pulmonary front upper right area.</summary>
    PulmonaryFrontUpperRightArea = 20,

    /// <summary>21: pulmonary front upper left area.</summary>
    PulmonaryFrontUpperLeftArea = 21,

    /// <summary>22: pulmonary front bottom right area.</summary>
    PulmonaryFrontBottomRightArea = 22,

    /// <summary>23: pulmonary front bottom left area.</summary>
    PulmonaryFrontBottomLeftArea = 23,

    /// <summary>24: pulmonary back upper left area.</summary>
    PulmonaryBackUpperLeftArea = 24,

    /// <summary>25: pulmonary back upper right area.</summary>
    PulmonaryBackUpperRightArea = 25,

    /// <summary>26: pulmonary back bottom left area.</summary>
    PulmonaryBackBottomLeftArea = 26,

    /// <summary>27: pulmonary back bottom right area.</summary>
    PulmonaryBackBottomRightArea = 27,

    /// <summary>28: wide mode area.</summary>
    WideModeArea = 28,

    /// <summary>29: between arms.</summary>
    BetweenArms = 29,

    /// <summary>30: hold right.</summary>
    HoldRight = 30,

    /// <summary>31: hold left.</summary>
    HoldLeft = 31,
}
