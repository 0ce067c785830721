using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Seals a <see cref="LinkState"/> into the <c>state</c> parameter with ASP.NET Core Data Protection (authenticated
/// encryption under the application's key ring), so that it cannot be forged, altered or read, and opens it again.
/// Expiry is checked by the caller against the injected <see cref="TimeProvider"/>, not by a time-limited protector's
/// wall clock, so that it can be tested.
/// </summary>
internal sealed class LinkStateProtector(IDataProtectionProvider provider)
{
    // The purpose isolates these payloads from every other use of the key ring (cookies, antiforgery, token stores).
    private readonly IDataProtector _protector = provider.CreateProtector("Withings.Sdk.AspNetCore.Linking.State.v1");

    public static LinkState NewState(string userKey, bool isDemo, string? returnUrl, DateTimeOffset expiresAt) =>
        new(RandomNumberGenerator.GetBytes(LinkState.NonceBytes), expiresAt, userKey, isDemo, returnUrl);

    public string Protect(LinkState state) => WebEncoders.Base64UrlEncode(_protector.Protect(state.Serialize()));

    /// <summary>Opens a <c>state</c>; <see langword="null"/> when it was forged, altered, truncated or sealed by another key ring.</summary>
    public LinkState? Unprotect(string? state)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 4096)
        {
            return null;
        }

        try
        {
            return LinkState.Deserialize(_protector.Unprotect(WebEncoders.Base64UrlDecode(state)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
