namespace Withings.Sdk.AspNetCore;

/// <summary>Why a link did not complete: each ends on its own small page with its own status code.</summary>
internal enum LinkFailure
{
    /// <summary>Nobody is signed in (401).</summary>
    NotSignedIn,

    /// <summary>The connect endpoint got <c>mode=demo</c> while <c>AllowDemoUser</c> is off, or another mode (400).</summary>
    DemoNotAllowed,

    /// <summary>The connect endpoint got a <c>returnUrl</c> that is not a path of this application (400).</summary>
    ReturnUrlNotLocal,

    /// <summary>The user declined on Withings' page: <c>error=access_denied</c> (403).</summary>
    Denied,

    /// <summary>Withings sent another <c>error</c> (400).</summary>
    WithingsError,

    /// <summary>No state, or one that was forged, altered or sealed by another key ring (400).</summary>
    InvalidState,

    /// <summary>The state is older than <c>StateLifetime</c> (400).</summary>
    ExpiredState,

    /// <summary>The state was bound to another signed-in user (403).</summary>
    OtherUser,

    /// <summary>The state was used before: a replayed callback (400).</summary>
    ReplayedState,

    /// <summary>No <c>code</c> came back (400).</summary>
    MissingCode,

    /// <summary>Withings refused the code: expired (30 seconds), used already, or issued for another redirect URI (400).</summary>
    CodeRefused,

    /// <summary>Withings did not answer the code exchange, or answered with a transient error (502).</summary>
    WithingsUnavailable,

    /// <summary>Something failed on the application's side: the token store, or the <c>OnUserLinked</c> handler (500).</summary>
    Failed,
}
