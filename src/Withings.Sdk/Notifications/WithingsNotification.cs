namespace Withings.Sdk;

/// <summary>
/// A Withings notification: the small "go fetch" form that Withings posts to a callback URL. Switch on the concrete
/// type (one sealed record per documented <c>appli</c>, <see cref="UnknownNotification"/> for any other).
/// </summary>
/// <remarks>Notifications are plain data: <see cref="FetchPlanner"/> turns one into the API calls that fetch its data.</remarks>
public abstract record WithingsNotification
{
    /// <summary>The notification category as sent in the <c>appli</c> field.</summary>
    public abstract int Appli { get; }

    /// <summary>The category as an enum value; undefined for an unknown <c>appli</c>.</summary>
    public NotificationCategory Category => (NotificationCategory)Appli;

    private long? _userId;
    private NotificationFields _fields = NotificationFields.Empty;

    /// <summary>The Withings user the notification is about; <see langword="null"/> only for appli 53.</summary>
    public long? UserId { get => _userId; init => _userId = value; }

    /// <summary>Every field of the body, decoded, unknown ones included.</summary>
    public NotificationFields Fields { get => _fields; init => _fields = value ?? NotificationFields.Empty; }

    // The parser builds the concrete record with an object initializer per category and fills the common part
    // here, before the record is published, so that it allocates nothing but the record itself.
    internal void InitializeCommon(long? userId, NotificationFields fields)
    {
        _userId = userId;
        _fields = fields;
    }
}
