using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A notification body that was acknowledged to Withings and waits for the handler: either parsed into a
/// <see cref="WithingsNotification"/>, or kept as received because it did not parse (it is then dead-lettered).
/// </summary>
/// <remarks>
/// A durable <see cref="IWithingsNotificationQueue"/> stores <see cref="Body"/>, the form as received, and parses it
/// again with <see cref="NotificationParser"/> when reading it back.
/// </remarks>
public sealed record ReceivedNotification
{
    private readonly string? _unparsedBody;

    private ReceivedNotification(WithingsNotification? notification, string? unparsedBody, NotificationParseError? parseError, DateTimeOffset receivedAt, int bodyBytes)
    {
        Notification = notification;
        _unparsedBody = unparsedBody;
        ParseError = parseError;
        ReceivedAt = receivedAt;
        BodyBytes = bodyBytes;
    }

    /// <summary>The typed notification; <see langword="null"/> when the body did not parse.</summary>
    public WithingsNotification? Notification { get; }

    /// <summary>The form body: as received when it did not parse, re-encoded from every field when it did.</summary>
    public string Body => _unparsedBody ?? Notification?.Fields.ToString() ?? string.Empty;

    /// <summary>
    /// The body's size in UTF-8 bytes: as received when the endpoint created the item, otherwise the size of
    /// <see cref="Body"/>. What the queues' byte limit (<see cref="WithingsReceiverOptions.QueueCapacityBytes"/>)
    /// counts.
    /// </summary>
    public int BodyBytes { get; }

    /// <summary>Why the body did not parse; <see langword="null"/> when it did.</summary>
    public NotificationParseError? ParseError { get; }

    /// <summary>When the endpoint received it.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>
    /// The span of the HTTP request that delivered it, for the consumer's span to link to: it travels with the item
    /// in this process and is not stored, so an item read back after a restart (or from another instance) has none.
    /// </summary>
    internal ActivityContext TraceContext { get; init; }

    /// <summary>Whether the body parsed into <see cref="Notification"/>.</summary>
    [MemberNotNullWhen(true, nameof(Notification))]
    [MemberNotNullWhen(false, nameof(ParseError))]
    public bool IsParsed => Notification is not null;

    /// <summary>Wraps a parsed notification.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <returns>The queue item.</returns>
    public static ReceivedNotification Parsed(WithingsNotification notification, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new ReceivedNotification(notification, null, null, receivedAt, Encoding.UTF8.GetByteCount(notification.Fields.ToString()));
    }

    /// <summary>Wraps a body that did not parse, to be dead-lettered.</summary>
    /// <param name="body">The body as received.</param>
    /// <param name="error">Why it did not parse.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <returns>The queue item.</returns>
    public static ReceivedNotification Unparseable(string body, NotificationParseError error, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(error);
        return new ReceivedNotification(null, body, error, receivedAt, Encoding.UTF8.GetByteCount(body));
    }

    /// <summary>The links from a consumer's span to the delivering request's, none when it is unknown.</summary>
    internal static List<ActivityLink> TraceLinks(IEnumerable<ReceivedNotification> items) =>
        [.. items.Where(i => i.TraceContext != default).Select(i => new ActivityLink(i.TraceContext))];

    /// <summary>The endpoint's factory: it knows the size as received, so nothing is re-encoded to count it.</summary>
    internal static ReceivedNotification Parsed(WithingsNotification notification, DateTimeOffset receivedAt, int bodyBytes) =>
        new(notification, null, null, receivedAt, bodyBytes);

    /// <inheritdoc cref="Parsed(WithingsNotification, DateTimeOffset, int)"/>
    internal static ReceivedNotification Unparseable(string body, NotificationParseError error, DateTimeOffset receivedAt, int bodyBytes) =>
        new(null, body, error, receivedAt, bodyBytes);
}
