namespace Withings.Sdk;

/// <summary>Settings of the Notify (subscription) client.</summary>
public sealed class WithingsNotifyOptions
{
    /// <summary>
    /// Whether callback URLs are checked against Withings' rules (https, no IP, no localhost, port 80/443, at most
    /// 255 characters) before any request. Default <see langword="true"/>; turn off only for tests against local servers.
    /// </summary>
    public bool ValidateCallbackUrls { get; set; } = true;
}
