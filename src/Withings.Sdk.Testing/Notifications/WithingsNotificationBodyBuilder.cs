using System.Globalization;
using System.Text;

namespace Withings.Sdk.Testing;

/// <summary>
/// Builds a notification body as Withings posts it to a callback URL: <c>application/x-www-form-urlencoded</c> fields
/// in the order they were added, each value percent-encoded. For the usual shapes, <see cref="WithingsNotificationBody"/>
/// has one-call shortcuts; this builder also makes the odd ones (unknown fields, a missing window, garbage values).
/// </summary>
/// <example><code>
/// var body = new WithingsNotificationBodyBuilder().UserId(12345).Appli(NotificationCategory.Sleep)
///     .Window(start, end).Build(); // "userid=12345&amp;appli=44&amp;startdate=…&amp;enddate=…"
/// </code></example>
public sealed class WithingsNotificationBodyBuilder
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <summary>Adds <c>userid</c>.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder UserId(long userId) => Field("userid", userId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds <c>appli</c>, the notification category, as <see cref="WithingsNotification.Appli"/> types it.</summary>
    /// <param name="appli">The category, for example <see cref="NotificationCategory.Weight"/>.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder Appli(NotificationCategory appli) => Appli((int)appli);

    /// <summary>Adds <c>appli</c> as a number, also one the SDK does not know.</summary>
    /// <param name="appli">The category number, for example 99.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder Appli(int appli) => Field("appli", appli.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds <c>startdate</c> and <c>enddate</c> in Unix seconds.</summary>
    /// <param name="start">The start of the changed data.</param>
    /// <param name="end">The end of the changed data.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder Window(DateTimeOffset start, DateTimeOffset end) =>
        Field("startdate", start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Field("enddate", end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds <c>date</c> as a calendar day, <c>YYYY-MM-DD</c>, as activity notifications carry it.</summary>
    /// <param name="date">The day.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder Date(DateTime date) => Field("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Adds <c>deviceid</c>, an opaque string.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder DeviceId(string deviceId) => Field("deviceid", deviceId);

    /// <summary>Adds <c>action</c>, for example <c>unlink</c> (appli 46).</summary>
    /// <param name="action">The action.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder Action(string action) => Field("action", action);

    /// <summary>Adds <c>mac</c>, the device address of an appli 53 notification.</summary>
    /// <param name="mac">For example <c>00:24:e4:aa:bb:cc</c>.</param>
    /// <returns>This builder.</returns>
    public WithingsNotificationBodyBuilder Mac(string mac) => Field("mac", mac);

    /// <summary>Adds any field, as given: unknown fields occur in real notifications.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value, encoded by <see cref="Build"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public WithingsNotificationBodyBuilder Field(string name, string value)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A field needs a name.", nameof(name));
        }

        _fields.Add(new KeyValuePair<string, string>(name, value ?? throw new ArgumentNullException(nameof(value))));
        return this;
    }

    /// <summary>The body text, for example <c>userid=12345&amp;appli=1&amp;startdate=1530576000&amp;enddate=1530698753</c>.</summary>
    /// <returns>The form-encoded body.</returns>
    public string Build()
    {
        var text = new StringBuilder();
        foreach (var field in _fields)
        {
            text.Append(text.Length == 0 ? string.Empty : "&")
                .Append(Uri.EscapeDataString(field.Key)).Append('=').Append(Uri.EscapeDataString(field.Value));
        }

        return text.ToString();
    }

    /// <summary>The body as HTTP content, <c>application/x-www-form-urlencoded</c>, ready to post to a receiver.</summary>
    /// <returns>The content.</returns>
    public HttpContent BuildContent() => new StringContent(Build(), Encoding.UTF8, "application/x-www-form-urlencoded");

    /// <inheritdoc cref="Build"/>
    public override string ToString() => Build();
}
