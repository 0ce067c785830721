namespace Withings.Sdk;

/// <summary>
/// The one change a Notify <c>update</c> makes to a subscription: a new callback URL, a new category, or a new
/// comment. Withings takes exactly one of them per call, so the only way to build one is a factory method.
/// </summary>
public sealed record NotifyUpdate
{
    private NotifyUpdate()
    {
    }

    /// <summary>The new callback URL (<c>new_callbackurl</c>), when that is the change.</summary>
    public Uri? NewCallbackUrl { get; private init; }

    /// <summary>The new category (<c>new_appli</c>), when that is the change.</summary>
    public NotificationCategory? NewAppli { get; private init; }

    /// <summary>The new comment (<c>comment</c>), when that is the change.</summary>
    public string? Comment { get; private init; }

    /// <summary>Moves the subscription to another callback URL.</summary>
    /// <param name="newCallbackUrl">The new URL; checked like a subscribe URL.</param>
    /// <returns>The change.</returns>
    public static NotifyUpdate ToCallbackUrl(Uri newCallbackUrl) =>
        new() { NewCallbackUrl = newCallbackUrl ?? throw new ArgumentNullException(nameof(newCallbackUrl)) };

    /// <summary>Moves the subscription to another category.</summary>
    /// <param name="newAppli">The new category.</param>
    /// <returns>The change.</returns>
    public static NotifyUpdate ToAppli(NotificationCategory newAppli) => new() { NewAppli = newAppli };

    /// <summary>Replaces the subscription's comment.</summary>
    /// <param name="comment">The new comment; not empty.</param>
    /// <returns>The change.</returns>
    public static NotifyUpdate WithComment(string comment)
    {
        if (string.IsNullOrEmpty(comment))
        {
            throw new ArgumentException("comment: empty; Withings needs a comment to set", nameof(comment));
        }

        return new() { Comment = comment };
    }
}
