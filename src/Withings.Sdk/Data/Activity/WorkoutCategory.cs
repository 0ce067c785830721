namespace Withings.Sdk;

/// <summary>The <c>category</c> of a <see cref="Workout"/>: what sport it was.</summary>
/// <remarks>
/// The names are those of Withings' Getworkouts documentation. Withings adds values over time: any other number is kept as it came (cast it to and from
/// <see cref="int"/>), never an error and never a log line.
/// </remarks>
public enum WorkoutCategory
{
    /// <summary>1: Walk.</summary>
    Walk = 1,

    /// <summary>2: Run.</summary>
    Run = 2,

    /// <summary>3: Hiking.</summary>
    Hiking = 3,

    /// <summary>4: Skating.</summary>
    Skating = 4,

    /// <summary>5: BMX.</summary>
    BMX = 5,

    /// <summary>6: Bicycling.</summary>
    Bicycling = 6,

    /// <summary>7: Swimming.</summary>
    Swimming = 7,

    /// <summary>8: Surfing.</summary>
    Surfing = 8,

    /// <summary>9: Kitesurfing.</summary>
    Kitesurfing = 9,

    /// <summary>10: Windsurfing.</summary>
    Windsurfing = 10,

    /// <summary>11: Bodyboard.</summary>
    Bodyboard = 11,

    /// <summary>12: Tennis.</summary>
    Tennis = 12,

    /// <summary>13: Table tennis.</summary>
    TableTennis = 13,

    /// <summary>14: Squash.</summary>
    Squash = 14,

    /// <summary>15: Badminton.</summary>
    Badminton = 15,

    /// <summary>16: Lift weights.</summary>
    LiftWeights = 16,

    /// <summary>17: Fitness.</summary>
    Fitness = 17,

    /// <summary>18: Elliptical.</summary>
    Elliptical = 18,

    /// <summary>19: Pilates.</summary>
    Pilates = 19,

    /// <summary>20: Basket-ball.</summary>
    BasketBall = 20,

    /// <summary>21: Soccer.</summary>
    Soccer = 21,

    /// <summary>22: Football.</summary>
    Football = 22,

    /// <summary>23: Rugby.</summary>
    Rugby = 23,

    /// <summary>24: Volley-ball.</summary>
    VolleyBall = 24,

    /// <summary>25: Waterpolo.</summary>
    Waterpolo = 25,

    /// <summary>26: Horse riding.</summary>
    HorseRiding = 26,

    /// <summary>27: Golf.</summary>
    Golf = 27,

    /// <summary>28: Yoga.</summary>
    Yoga = 28,

    /// <summary>29: Dancing.</summary>
    Dancing = 29,

    /// <summary>30: Boxing.</summary>
    Boxing = 30,

    /// <summary>31: Fencing.</summary>
    Fencing = 31,

    /// <summary>32: Wrestling.</summary>
    Wrestling = 32,

    /// <summary>33: Martial arts.</summary>
    MartialArts = 33,

    /// <summary>34: Skiing.</summary>
    Skiing = 34,

    /// <summary>35: Snowboarding.</summary>
    Snowboarding = 35,

    /// <summary>36: Other.</summary>
    Other = 36,

    /// <summary>128: No activity.</summary>
    NoActivity = 128,

    /// <summary>187: Rowing.</summary>
    Rowing = 187,

    /// <summary>188: Zumba.</summary>
    Zumba = 188,

    /// <summary>191: Baseball.</summary>
    Baseball = 191,

    /// <summary>192: Handball.</summary>
    Handball = 192,

    /// <summary>193: Hockey.</summary>
    Hockey = 193,

    /// <summary>194: Ice hockey.</summary>
    IceHockey = 194,

    /// <summary>195: Climbing.</summary>
    Climbing = 195,

    /// <summary>196: Ice skating.</summary>
    IceSkating = 196,

    /// <summary>272: Multi-sport.</summary>
    MultiSport = 272,

    /// <summary>306: Indoor walk.</summary>
    IndoorWalk = 306,

    /// <summary>307: Indoor running.</summary>
    IndoorRunning = 307,

    /// <summary>308: Indoor cycling.</summary>
    IndoorCycling = 308,

    /// <summary>455: Standup Paddleboarding.</summary>
    StandupPaddleboarding = 455,

    /// <summary>456: Padel.</summary>
    Padel = 456,

    /// <summary>457: Gaming.</summary>
    Gaming = 457,

    /// <summary>490: Beach volleyball.</summary>
    BeachVolleyball = 490,

    /// <summary>491: Stair Stepper.</summary>
    StairStepper = 491,

    /// <summary>492: Skateboarding.</summary>
    Skateboarding = 492,

    /// <summary>493: Parkour.</summary>
    Parkour = 493,

    /// <summary>494: Kayaking.</summary>
    Kayaking = 494,

    /// <summary>495: Canoeing.</summary>
    Canoeing = 495,

    /// <summary>496: Sailing.</summary>
    Sailing = 496,

    /// <summary>497: Fishing.</summary>
    Fishing = 497,

    /// <summary>498: Trail Running.</summary>
    TrailRunning = 498,

    /// <summary>499: Snowshoeing.</summary>
    Snowshoeing = 499,

    /// <summary>500: Paintball.</summary>
    Paintball = 500,

    /// <summary>501: Archery.</summary>
    Archery = 501,

    /// <summary>502: Scuba Diving.</summary>
    ScubaDiving = 502,

    /// <summary>503: Baseball Training.</summary>
    BaseballTraining = 503,

    /// <summary>504: Biathlon.</summary>
    Biathlon = 504,

    /// <summary>505: Bocce.</summary>
    Bocce = 505,

    /// <summary>506: Pétanque.</summary>
    Petanque = 506,

    /// <summary>507: Paragliding.</summary>
    Paragliding = 507,

    /// <summary>508: Frisbee.</summary>
    Frisbee = 508,

    /// <summary>509: Skydiving.</summary>
    Skydiving = 509,

    /// <summary>510: Pickleball.</summary>
    Pickleball = 510,

    /// <summary>511: Cornhole.</summary>
    Cornhole = 511,

    /// <summary>512: Dodgeball.</summary>
    Dodgeball = 512,

    /// <summary>513: Ultimate.</summary>
    Ultimate = 513,

    /// <summary>514: Teqball.</summary>
    Teqball = 514,

    /// <summary>515: Pushing a Wheelchair (Running Pace).</summary>
    PushingAWheelchairRunningPace = 515,

    /// <summary>516: Pushing a Wheelchair (Walking Pace).</summary>
    PushingAWheelchairWalkingPace = 516,

    /// <summary>517: Athletics.</summary>
    Athletics = 517,

    /// <summary>518: Track Cycling.</summary>
    TrackCycling = 518,

    /// <summary>519: Pentathlon.</summary>
    Pentathlon = 519,

    /// <summary>520: Sport Shooting.</summary>
    SportShooting = 520,

    /// <summary>521: Triathlon.</summary>
    Triathlon = 521,

    /// <summary>522: Diving.</summary>
    Diving = 522,

    /// <summary>523: Mountain Biking.</summary>
    MountainBiking = 523,

    /// <summary>524: Gravel Biking.</summary>
    GravelBiking = 524,

    /// <summary>525: E-Biking.</summary>
    EBiking = 525,

    /// <summary>526: E-Mountain Biking.</summary>
    EMountainBiking = 526,

    /// <summary>527: Handcycling.</summary>
    Handcycling = 527,

    /// <summary>528: Velomobile.</summary>
    Velomobile = 528,

    /// <summary>529: Backcountry Skiing.</summary>
    BackcountrySkiing = 529,

    /// <summary>530: Nordic Skiing.</summary>
    NordicSkiing = 530,

    /// <summary>531: Roller Skiing.</summary>
    RollerSkiing = 531,

    /// <summary>532: Racquetball.</summary>
    Racquetball = 532,

    /// <summary>534: Hip Hop.</summary>
    HipHop = 534,

    /// <summary>535: Muaythai.</summary>
    Muaythai = 535,

    /// <summary>536: Taekwondo.</summary>
    Taekwondo = 536,

    /// <summary>537: Judo.</summary>
    Judo = 537,

    /// <summary>538: Trampoline.</summary>
    Trampoline = 538,

    /// <summary>539: Standing Frame.</summary>
    StandingFrame = 539,

    /// <summary>540: Seated Strenght.</summary>
    SeatedStrenght = 540,

    /// <summary>541: Seated Cardio.</summary>
    SeatedCardio = 541,

    /// <summary>542: Walk With Walker.</summary>
    WalkWithWalker = 542,

    /// <summary>543: Walk With Cane.</summary>
    WalkWithCane = 543,

    /// <summary>544: Breaking.</summary>
    Breaking = 544,

    /// <summary>545: Chores.</summary>
    Chores = 545,

    /// <summary>546: Crossfit.</summary>
    Crossfit = 546,

    /// <summary>547: Spinclass.</summary>
    Spinclass = 547,

    /// <summary>548: Cricket.</summary>
    Cricket = 548,

    /// <summary>549: Flamenco Dancing.</summary>
    FlamencoDancing = 549,

    /// <summary>550: HIIT.</summary>
    HIIT = 550,

    /// <summary>551: Meditation.</summary>
    Meditation = 551,

    /// <summary>552: Stretching.</summary>
    Stretching = 552,

    /// <summary>553: Yard Work Gardening.</summary>
    YardWorkGardening = 553,

    /// <summary>554: Cleaning.</summary>
    Cleaning = 554,

    /// <summary>555: Public Speaking.</summary>
    PublicSpeaking = 555,

    /// <summary>556: Spikeball.</summary>
    Spikeball = 556,

    /// <summary>557: Lacrosse.</summary>
    Lacrosse = 557,

    /// <summary>558: Baby Wearing.</summary>
    BabyWearing = 558,

    /// <summary>559: Dog Walking.</summary>
    DogWalking = 559,

    /// <summary>560: Breathing excercises.</summary>
    BreathingExcercises = 560,

    /// <summary>561: Balance Drills.</summary>
    BalanceDrills = 561,

    /// <summary>562: Pushing a Stroller.</summary>
    PushingAStroller = 562,

    /// <summary>563: Toddler Wearing.</summary>
    ToddlerWearing = 563,

    /// <summary>564: Bowling.</summary>
    Bowling = 564,

    /// <summary>565: Lasertag.</summary>
    Lasertag = 565,

    /// <summary>566: Nordic Walking.</summary>
    NordicWalking = 566,

    /// <summary>567: Sumo Wrestling.</summary>
    SumoWrestling = 567,

    /// <summary>568: Cooking.</summary>
    Cooking = 568,
}
