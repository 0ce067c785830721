namespace Withings.Sdk;

/// <summary>Limits applied by <see cref="NotificationParser"/>.</summary>
public sealed class NotificationParserOptions
{
    /// <summary>The default <see cref="MaxBodyBytes"/>: 64 KiB, far above any real notification (under 200 bytes).</summary>
    public const int DefaultMaxBodyBytes = 64 * 1024;

    /// <summary>The largest body accepted, in UTF-8 bytes; a larger one is an error, never an out-of-memory.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}
