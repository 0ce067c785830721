using System.Globalization;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The time settings of the receiver's options classes, which live in Withings.Sdk (beside the store seam): this
/// package's generated validators cannot see the core's internal range attribute, so these ranges are checked here,
/// with the same messages the attribute gives.
/// </summary>
internal static class DeliveryTimeChecks
{
    /// <summary>A retry's <c>BaseDelay</c>: from zero to an hour.</summary>
    public static void CheckRetry(WithingsDeliveryRetryOptions retry, string section, List<string> failures) =>
        Between(retry.BaseDelay, TimeSpan.Zero, TimeSpan.FromHours(1), section + ":Retry:BaseDelay", failures);

    /// <summary>The receiver's duplicate window (at least one tick), its "behind" threshold and its retry.</summary>
    public static void CheckReceiver(WithingsReceiverOptions options, List<string> failures)
    {
        if (options.DuplicateTimeToLive < TimeSpan.FromTicks(1))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{WithingsReceiverOptions.SectionName}:DuplicateTimeToLive: must be at least {TimeSpan.FromTicks(1)}."));
        }

        if (options.BehindAfter <= TimeSpan.Zero)
        {
            failures.Add($"{WithingsReceiverOptions.SectionName}:BehindAfter: must be positive.");
        }

        CheckRetry(options.Retry, WithingsReceiverOptions.SectionName, failures);
    }

    private static void Between(TimeSpan value, TimeSpan minimum, TimeSpan maximum, string key, List<string> failures)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: must be between {minimum} and {maximum}."));
        }
    }
}
