namespace Withings.Sdk;

/// <summary>
/// Appli 46's <c>action</c> as an open enum: the raw text Withings sent plus, when it is documented, its
/// <see cref="Kind"/>. Unknown actions are kept, not rejected.
/// </summary>
public readonly record struct UserProfileAction
{
    private readonly string? _value;

    /// <summary>Wraps the raw <c>action</c> text.</summary>
    /// <param name="value">The text as received, compared case-sensitively as Withings sends it.</param>
    public UserProfileAction(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary><c>delete</c>.</summary>
    public static UserProfileAction Delete { get; } = new("delete");

    /// <summary><c>unlink</c>.</summary>
    public static UserProfileAction Unlink { get; } = new("unlink");

    /// <summary><c>update</c>.</summary>
    public static UserProfileAction Update { get; } = new("update");

    /// <summary>The text as received.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The documented action, or <see cref="UserProfileActionKind.Unknown"/>.</summary>
    public UserProfileActionKind Kind => Value switch
    {
        "delete" => UserProfileActionKind.Delete,
        "unlink" => UserProfileActionKind.Unlink,
        "update" => UserProfileActionKind.Update,
        _ => UserProfileActionKind.Unknown,
    };

    /// <summary>The raw text.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;
}
