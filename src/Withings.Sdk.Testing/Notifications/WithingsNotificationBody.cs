namespace Withings.Sdk.Testing;

/// <summary>
/// The notification bodies Withings posts to a callback URL, one call each, fields in Withings' order (<c>userid</c>,
/// <c>appli</c>, then the window or the day). For other shapes use <see cref="WithingsNotificationBodyBuilder"/>.
/// </summary>
/// <example><code>
/// using var content = new StringContent(WithingsNotificationBody.Weight(12345, start, end), Encoding.UTF8, "application/x-www-form-urlencoded");
/// await client.PostAsync(callbackUrl, content);
/// </code></example>
public static class WithingsNotificationBody
{
    /// <summary>New data of a category with a time window: <c>userid=…&amp;appli=…&amp;startdate=…&amp;enddate=…</c>.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="category">The category, for example <see cref="NotificationCategory.BloodPressure"/>.</param>
    /// <param name="start">The start of the changed data.</param>
    /// <param name="end">The end of the changed data.</param>
    /// <returns>The form-encoded body.</returns>
    public static string Of(long userId, NotificationCategory category, DateTimeOffset start, DateTimeOffset end) =>
        new WithingsNotificationBodyBuilder().UserId(userId).Appli(category).Window(start, end).Build();

    /// <summary>New weight or body composition measures (appli 1).</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="start">The start of the changed data.</param>
    /// <param name="end">The end of the changed data.</param>
    /// <returns>The form-encoded body.</returns>
    public static string Weight(long userId, DateTimeOffset start, DateTimeOffset end) => Of(userId, NotificationCategory.Weight, start, end);

    /// <summary>New blood pressure measures (appli 4).</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="start">The start of the changed data.</param>
    /// <param name="end">The end of the changed data.</param>
    /// <returns>The form-encoded body.</returns>
    public static string BloodPressure(long userId, DateTimeOffset start, DateTimeOffset end) => Of(userId, NotificationCategory.BloodPressure, start, end);

    /// <summary>New sleep data (appli 44).</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="start">The start of the changed data.</param>
    /// <param name="end">The end of the changed data.</param>
    /// <returns>The form-encoded body.</returns>
    public static string Sleep(long userId, DateTimeOffset start, DateTimeOffset end) => Of(userId, NotificationCategory.Sleep, start, end);

    /// <summary>New activity data of a day (appli 16), with the calendar <c>date</c> Withings sends for it.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="date">The day whose activity changed.</param>
    /// <returns>The form-encoded body.</returns>
    public static string Activity(long userId, DateTime date) =>
        new WithingsNotificationBodyBuilder().UserId(userId).Appli(NotificationCategory.Activity).Date(date).Build();

    /// <summary>The user removed your application or a device (appli 46 with <c>action</c>, for example <c>unlink</c>).</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="action">The action, for example <c>unlink</c> or <c>delete</c>.</param>
    /// <returns>The form-encoded body.</returns>
    public static string UserProfile(long userId, string action) =>
        new WithingsNotificationBodyBuilder().UserId(userId).Appli(NotificationCategory.UserProfile).Action(action).Build();

    /// <summary>A device with no Withings account (appli 53): no <c>userid</c>, the device's <c>mac</c> instead.</summary>
    /// <param name="mac">The device address, for example <c>00:24:e4:aa:bb:cc</c>.</param>
    /// <returns>The form-encoded body.</returns>
    public static string NoAccountAssociated(string mac) =>
        new WithingsNotificationBodyBuilder().Appli(NotificationCategory.NoAccountAssociated).Mac(mac).Build();
}
