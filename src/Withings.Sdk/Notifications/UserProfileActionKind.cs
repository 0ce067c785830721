namespace Withings.Sdk;

/// <summary>The documented values of appli 46's <c>action</c>.</summary>
public enum UserProfileActionKind
{
    /// <summary>A value this version of the SDK does not know; see <see cref="UserProfileAction.Value"/>.</summary>
    Unknown = 0,

    /// <summary><c>delete</c>: the user deleted their Withings account.</summary>
    Delete = 1,

    /// <summary><c>unlink</c>: the user unlinked your application.</summary>
    Unlink = 2,

    /// <summary><c>update</c>: the user changed their profile.</summary>
    Update = 3,
}
