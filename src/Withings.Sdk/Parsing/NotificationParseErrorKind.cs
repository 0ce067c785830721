namespace Withings.Sdk;

/// <summary>What is wrong with a notification body.</summary>
public enum NotificationParseErrorKind
{
    /// <summary>A required field is absent or empty.</summary>
    MissingField = 1,

    /// <summary>A field is present but not of its documented form.</summary>
    MalformedField = 2,

    /// <summary>A field appears twice with different values.</summary>
    ConflictingDuplicate = 3,

    /// <summary>The body exceeds the configured size limit.</summary>
    BodyTooLarge = 4,
}
