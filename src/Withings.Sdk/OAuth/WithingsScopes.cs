namespace Withings.Sdk;

/// <summary>The OAuth scopes a user can grant, for <see cref="IWithingsOAuthClient.GetAuthorizeUrl"/>.</summary>
public static class WithingsScopes
{
    /// <summary><c>user.info</c>: the user's profile (and appli 46 notifications).</summary>
    public const string UserInfo = "user.info";

    /// <summary><c>user.metrics</c>: measures such as weight, temperature, blood pressure, ECG.</summary>
    public const string UserMetrics = "user.metrics";

    /// <summary><c>user.activity</c>: activity, workouts and sleep.</summary>
    public const string UserActivity = "user.activity";

    /// <summary><c>user.sleepevents</c>: bed-in and bed-out events.</summary>
    public const string UserSleepEvents = "user.sleepevents";
}
