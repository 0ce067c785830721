namespace Withings.Sdk.Testing;

/// <summary>How a <see cref="WithingsLookAlike"/> behaves: the application it knows and how strict it is about tokens.</summary>
public sealed class WithingsLookAlikeOptions
{
    /// <summary>The client id of the application: <c>getnonce</c> and signed calls must carry it.</summary>
    public string ClientId { get; set; } = "look-alike-client-id";

    /// <summary>The client secret: the key of request signatures and the secret <c>requesttoken</c> must carry.</summary>
    public string ClientSecret { get; set; } = "look-alike-client-secret";

    /// <summary>
    /// When <see langword="true"/> (the default), any bearer token is accepted and belongs to <see cref="DefaultUserId"/>
    /// unless <see cref="WithingsLookAlike.AddUser"/> gave it to another user. When <see langword="false"/>, only the
    /// tokens of <see cref="WithingsLookAlike.AddUser"/> and of <c>requesttoken</c> work; others get status 401.
    /// </summary>
    public bool AcceptAnyAccessToken { get; set; } = true;

    /// <summary>
    /// The user an unknown bearer token belongs to when <see cref="AcceptAnyAccessToken"/> is on, and the user who
    /// consents on the authorization page (<see cref="WithingsLookAlike.AuthorizeEndpoint"/>).
    /// </summary>
    public long DefaultUserId { get; set; } = 12345;

    /// <summary>
    /// The user who consents on the authorization page when it is opened with <c>mode=demo</c>, as Withings' demo
    /// account does. The look-alike's own number: Withings' demo account has an id of its own.
    /// </summary>
    public long DemoUserId { get; set; } = 1;

    /// <summary>
    /// The clock of <see cref="WithingsRequest.ReceivedAt"/>, of nonce expiry (30 minutes, as Withings) and of the
    /// expiry of the authorization page's codes (30 seconds, as Withings).
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
