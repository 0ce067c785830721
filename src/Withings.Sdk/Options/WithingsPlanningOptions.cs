namespace Withings.Sdk;

/// <summary>How <see cref="FetchPlanner"/> turns notifications into requests.</summary>
public sealed class WithingsPlanningOptions
{
    /// <summary>How far back to look when a user has no sync cursor. Default 24 hours.</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(24);
}
