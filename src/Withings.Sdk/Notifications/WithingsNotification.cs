using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk;

/// <summary>
/// A Withings notification: the small "go fetch" form that Withings posts to a callback URL. Switch on the concrete
/// type (one sealed record per documented <c>appli</c>, <see cref="UnknownNotification"/> for any other).
/// </summary>
/// <remarks>Notifications are plain data: <see cref="FetchPlanner"/> turns one into the API calls that fetch its data.</remarks>
public abstract record WithingsNotification
{
    /// <summary>
    /// The notification category as sent in the <c>appli</c> field: the same enum the Notify client takes. An
    /// <c>appli</c> this version does not name (an <see cref="UnknownNotification"/>) keeps its number:
    /// <c>(int)Appli</c> gives it back.
    /// </summary>
    public abstract NotificationCategory Appli { get; }

    private long? _userId;

    // What the parser kept of the body (its text, or a copy of its UTF-8 bytes), or the fields view once created, or
    // null for no fields. The view is created on first access, so that a parse allocates nothing but the record
    // itself (and, from bytes, the copy of the body).
    private object? _fields;

    /// <summary>The Withings user the notification is about; <see langword="null"/> only for appli 53.</summary>
    public long? UserId { get => _userId; init => _userId = value; }

    /// <summary>Every field of the body, decoded, unknown ones included.</summary>
    public NotificationFields Fields
    {
        get => _fields as NotificationFields ?? CreateFields();
        init => _fields = value;
    }

    /// <inheritdoc />
    public virtual bool Equals(WithingsNotification? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && EqualityContract == other.EqualityContract
            && _userId == other._userId
            && (SameBody(_fields, other._fields) || Fields.Equals(other.Fields));
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            return (EqualityContract.GetHashCode() * -1521134295 + _userId.GetHashCode()) * -1521134295 + Fields.GetHashCode();
        }
    }

    // The parser builds the concrete record with an object initializer per category and fills the common part
    // here, before the record is published.
    internal void InitializeCommon(long? userId, string body)
    {
        _userId = userId;
        _fields = body;
    }

    internal void InitializeCommon(long? userId, byte[] utf8Body)
    {
        _userId = userId;
        _fields = utf8Body;
    }

    internal void InitializeCommon(long? userId, NotificationFields fields)
    {
        _userId = userId;
        _fields = fields;
    }

    // Equal bodies hold equal fields; different bodies may still (field order, encoding), which Fields.Equals decides.
    private static bool SameBody(object? body, object? other) => (body, other) switch
    {
        (string text, string otherText) => string.Equals(text, otherText, StringComparison.Ordinal),
        (byte[] utf8, byte[] otherUtf8) => utf8.AsSpan().SequenceEqual(otherUtf8),
        _ => false,
    };

    private NotificationFields CreateFields()
    {
        var kept = _fields;
        var created = kept switch
        {
            string body => NotificationFields.FromBody(body),
            byte[] utf8 => NotificationFields.FromBody(FormUrlDecoder.Utf8ToString(utf8)),
            _ => null,
        };
        if (created is null)
        {
            return NotificationFields.Empty;
        }

        // Records are shared across threads: the first view published wins, so Fields is always the same instance.
        return Interlocked.CompareExchange(ref _fields, created, kept) as NotificationFields ?? created;
    }
}
