using System.Globalization;

namespace Withings.Sdk.Sample.Demo;

/// <summary>
/// The demo's subscriptions: one callback URL subscribed to several categories through
/// <see cref="IWithingsNotifyClient"/>, listed back, and one refusal shown as Withings gives it (HTTP 200, status 343).
/// </summary>
internal static class SubscriptionSection
{
    /// <summary>
    /// An https URL on a reserved example host: it passes the SDK's callback rules as a real one must, and the
    /// look-alike, unlike Withings, does not send it a HEAD, so nothing goes to it.
    /// </summary>
    public static readonly Uri Callback = new("https://demo.example.com/withings/notify");

    public static readonly NotificationCategory[] Categories =
    [
        NotificationCategory.Weight,
        NotificationCategory.BloodPressure,
        NotificationCategory.Activity,
        NotificationCategory.Sleep,
        NotificationCategory.UserProfile,
    ];

    public static async Task WriteAsync(DemoText text, IWithingsNotifyClient notify, string accessToken, CancellationToken cancellationToken)
    {
        text.Line($"  callback {Callback.AbsoluteUri}");
        foreach (var category in Categories)
        {
            await notify.SubscribeAsync(accessToken, Callback, category, "Withings.Sdk demo", cancellationToken);
            text.Line($"  subscribe {Appli(category)}  ok");
        }

        var profiles = await notify.ListAsync(accessToken, cancellationToken: cancellationToken);
        text.Line($"  list: {profiles.Count} subscriptions");
        foreach (var profile in profiles)
        {
            text.Line($"    {Appli(profile.Appli)}  {profile.CallbackUrl}");
        }

        // Withings answers HTTP 200 even when it refuses; the client turns the status into an exception.
        try
        {
            await notify.GetAsync(accessToken, Callback, NotificationCategory.Ecg, cancellationToken);
            text.Line($"  get {Appli(NotificationCategory.Ecg)}  found");
        }
        catch (WithingsApiException e) when (e.Status is { } status)
        {
            text.Line($"  get {Appli(NotificationCategory.Ecg)}  refused: status {status.ToString(CultureInfo.InvariantCulture)}");
            text.Wrap("    ", $"({e.Family}{(e.Meaning is null ? string.Empty : ": " + e.Meaning)})".Split(' '), 5);
        }
    }

    /// <summary>For example <c>appli 44 sleep          </c>: aligned in a column.</summary>
    private static string Appli(NotificationCategory category) =>
        $"appli {((int)category).ToString(CultureInfo.InvariantCulture),2} {Name(category),-14}";

    /// <summary><c>BloodPressure</c> as <c>blood pressure</c>.</summary>
    private static string Name(NotificationCategory category) =>
        string.Concat(category.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString())).ToLowerInvariant();
}
