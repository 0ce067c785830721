namespace Withings.Sdk;

/// <summary>Thrown by <see cref="NotificationParser"/>'s <c>Parse</c> methods when a body is not a valid notification.</summary>
public sealed class NotificationParseException : FormatException
{
    /// <summary>Creates the exception for an error.</summary>
    /// <param name="error">What is wrong.</param>
    public NotificationParseException(NotificationParseError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message)
    {
        Error = error;
    }

    /// <summary>The field at fault and the problem.</summary>
    public NotificationParseError Error { get; }
}
