using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Withings.Sdk;

/// <summary>
/// A notification body that was acknowledged to Withings and waits for the handler: either parsed into a
/// <see cref="WithingsNotification"/>, or kept as received because it did not parse (it is then dead-lettered).
/// </summary>
/// <remarks>
/// A durable <see cref="IWithingsReceiverStore"/> stores <see cref="Body"/>, the form as received, and parses it again
/// with <see cref="NotificationParser"/> when reading it back. Equality compares what was received, not the values
/// computed from it.
/// </remarks>
public sealed record ReceivedNotification
{
    private readonly string? _unparsedBody;

    // Computed on first use and kept: the stores read them for each notification, some more than once.
    private string? _body;
    private string? _duplicateKey;
    private int _repeatable = -1;

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

    /// <summary>The form body: as received when it did not parse, encoded once from every field when it did.</summary>
    public string Body => _body ??= _unparsedBody ?? Notification?.Fields.ToString() ?? string.Empty;

    /// <summary>
    /// The body's size in UTF-8 bytes: as received when the endpoint created the item, otherwise the size of
    /// <see cref="Body"/>. What the stores' byte limit (<see cref="WithingsReceiverOptions.QueueCapacityBytes"/>)
    /// counts.
    /// </summary>
    public int BodyBytes { get; }

    /// <summary>Why the body did not parse; <see langword="null"/> when it did.</summary>
    public NotificationParseError? ParseError { get; }

    /// <summary>When the endpoint received it.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Whether the body parsed into <see cref="Notification"/>.</summary>
    [MemberNotNullWhen(true, nameof(Notification))]
    [MemberNotNullWhen(false, nameof(ParseError))]
    public bool IsParsed => Notification is not null;

    /// <summary>
    /// What makes two notifications the same for the stores' duplicate check: user, appli, window or date, action,
    /// device (and mac for appli 53), at most a few hundred characters; <see langword="null"/> for a body that did not
    /// parse, which is never a duplicate.
    /// </summary>
    public string? DuplicateKey => Notification is null ? null : _duplicateKey ??= NotificationIdempotencyKey.For(Notification);

    /// <summary>
    /// Whether the same body again, once this one was handed to a reader, is new data rather than Withings' retry: true
    /// for a body without a window (glucose, a profile change without a date, …) and for an activity <c>date=D</c>,
    /// which Withings sends again at each sync of that day. A store forgets such a notification's
    /// <see cref="DuplicateKey"/> when it hands it out.
    /// </summary>
    public bool IsRepeatable
    {
        get
        {
            if (_repeatable < 0)
            {
                _repeatable = Notification is not null && RepeatableNotifications.IsRepeatable(Notification) ? 1 : 0;
            }

            return _repeatable == 1;
        }
    }

    /// <summary>
    /// The span of the HTTP request that delivered it, so that the spans of its fetch and handling link to it;
    /// <see langword="null"/> once read back from a store (stores need not keep it).
    /// </summary>
    public ActivityContext? RequestTrace { get; init; }

    /// <summary>Wraps a parsed notification; its size is that of its fields encoded as a form.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <returns>The queue item.</returns>
    public static ReceivedNotification Parsed(WithingsNotification notification, DateTimeOffset receivedAt)
    {
        if (notification is null)
        {
            throw new ArgumentNullException(nameof(notification));
        }

        var body = notification.Fields.ToString();
        return new ReceivedNotification(notification, null, null, receivedAt, Encoding.UTF8.GetByteCount(body)) { _body = body };
    }

    /// <summary>
    /// Wraps a parsed notification whose size as received is known (the endpoint's factory), so that nothing is encoded
    /// to count it.
    /// </summary>
    /// <param name="notification">The notification.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <param name="bodyBytes">The size of the body as received, in bytes.</param>
    /// <returns>The queue item.</returns>
    public static ReceivedNotification Parsed(WithingsNotification notification, DateTimeOffset receivedAt, int bodyBytes) =>
        new(notification ?? throw new ArgumentNullException(nameof(notification)), null, null, receivedAt, NotNegative(bodyBytes));

    /// <summary>Wraps a body that did not parse, to be dead-lettered.</summary>
    /// <param name="body">The body as received.</param>
    /// <param name="error">Why it did not parse.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <returns>The queue item.</returns>
    public static ReceivedNotification Unparseable(string body, NotificationParseError error, DateTimeOffset receivedAt) =>
        Unparseable(body, error, receivedAt, Encoding.UTF8.GetByteCount(body ?? throw new ArgumentNullException(nameof(body))));

    /// <summary>Wraps a body that did not parse, whose size as received is known (the endpoint's factory).</summary>
    /// <param name="body">The body as received.</param>
    /// <param name="error">Why it did not parse.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <param name="bodyBytes">The size of the body as received, in bytes.</param>
    /// <returns>The queue item.</returns>
    public static ReceivedNotification Unparseable(string body, NotificationParseError error, DateTimeOffset receivedAt, int bodyBytes) =>
        new(
            null,
            body ?? throw new ArgumentNullException(nameof(body)),
            error ?? throw new ArgumentNullException(nameof(error)),
            receivedAt,
            NotNegative(bodyBytes));

    /// <summary>
    /// A body read back from a store: parsed again (a body that no longer parses comes back as unparseable, to be
    /// dead-lettered), its text kept rather than encoded again, its size the one counted when it was accepted.
    /// </summary>
    /// <param name="parser">The parser.</param>
    /// <param name="body">The stored <see cref="Body"/>.</param>
    /// <param name="receivedAt">The stored <see cref="ReceivedAt"/>.</param>
    /// <param name="bodyBytes">The stored <see cref="BodyBytes"/>.</param>
    /// <returns>The queue item.</returns>
    public static ReceivedNotification FromStored(NotificationParser parser, string body, DateTimeOffset receivedAt, int bodyBytes)
    {
        if (parser is null)
        {
            throw new ArgumentNullException(nameof(parser));
        }

        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return parser.TryParse(body, out var parsed, out var error)
            ? new ReceivedNotification(parsed, null, null, receivedAt, NotNegative(bodyBytes)) { _body = body }
            : new ReceivedNotification(null, body, error, receivedAt, NotNegative(bodyBytes));
    }

    /// <inheritdoc/>
    public bool Equals(ReceivedNotification? other) =>
        other is not null
        && EqualityComparer<WithingsNotification?>.Default.Equals(Notification, other.Notification)
        && string.Equals(_unparsedBody, other._unparsedBody, StringComparison.Ordinal)
        && EqualityComparer<NotificationParseError?>.Default.Equals(ParseError, other.ParseError)
        && ReceivedAt == other.ReceivedAt
        && BodyBytes == other.BodyBytes;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // System.HashCode is not in netstandard2.0.
        unchecked
        {
            var hash = Notification?.GetHashCode() ?? 0;
            hash = (hash * 397) ^ (_unparsedBody is null ? 0 : StringComparer.Ordinal.GetHashCode(_unparsedBody));
            hash = (hash * 397) ^ (ParseError?.GetHashCode() ?? 0);
            hash = (hash * 397) ^ ReceivedAt.GetHashCode();
            return (hash * 397) ^ BodyBytes;
        }
    }

    private static int NotNegative(int bodyBytes) =>
        bodyBytes >= 0 ? bodyBytes : throw new ArgumentOutOfRangeException(nameof(bodyBytes), bodyBytes, "A body's size cannot be negative.");
}
