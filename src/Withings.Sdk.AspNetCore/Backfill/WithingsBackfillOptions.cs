namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Settings of backfills (<c>AddBackfill()</c>), bound from the configuration section <c>Withings:Sync:Backfill</c> and
/// validated at start.
/// </summary>
public sealed class WithingsBackfillOptions
{
    /// <summary>The configuration section: <c>Withings:Sync:Backfill</c>.</summary>
    public const string SectionName = "Withings:Sync:Backfill";

    /// <summary>
    /// Whether a user who links (<c>AddLinking</c>, <c>MapWithingsLinking</c>) is backfilled over <see cref="Lookback"/>
    /// once the <c>OnUserLinked</c> handler returned. Default <see langword="true"/>.
    /// </summary>
    public bool OnLink { get; set; } = true;

    /// <summary>
    /// How far back a backfill on link reaches. Default 30 days: about 65 requests per user with the default categories
    /// (one per day for intraday activity and one for the sleep series, each a 24-hour window), half a minute of
    /// Withings' whole 120-a-minute budget. At least 1 day, at most 3 660 days.
    /// </summary>
    [TimeSpanRange("1.00:00:00", "3660.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The categories backfilled, by appli number, each planned as a notification of the whole window would be: 1, 2, 4,
    /// 58, 62 and 63 (measures: one <c>getmeas</c>, shared), 16 (activity: daily summaries, workouts and, with
    /// <see cref="Intraday"/>, the intraday series per 24 hours), 44 (sleep: the series per 24 hours and the summaries),
    /// 54 (ECG list and signals), 60 (survey answers, signed) and 61 (stethoscope). Empty (the default) means 1, 16 and 44.
    /// </summary>
    public IList<NotificationCategory> Categories { get; set; } = [];

    /// <summary>
    /// Whether activity backfills fetch the intraday series, one <c>getintradayactivity</c> per 24 hours (Withings
    /// answers only the first 24 hours of a longer window). Default <see langword="true"/>.
    /// </summary>
    public bool Intraday { get; set; } = true;

    /// <summary>The categories <see cref="Categories"/> means when empty: 1 (every measure type), 16 and 44.</summary>
    public static IReadOnlyList<NotificationCategory> DefaultCategories { get; } =
        [NotificationCategory.Weight, NotificationCategory.Activity, NotificationCategory.Sleep];
}
