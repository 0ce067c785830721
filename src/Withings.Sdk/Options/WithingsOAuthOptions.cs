using System.ComponentModel.DataAnnotations;

namespace Withings.Sdk;

/// <summary>How OAuth tokens are obtained and refreshed.</summary>
public sealed class WithingsOAuthOptions
{
    /// <summary>The default authorization page, <c>https://account.withings.com/oauth2_user/authorize2</c>.</summary>
    public static Uri DefaultAuthorizeEndpoint { get; } = new("https://account.withings.com/oauth2_user/authorize2");

    /// <summary>The US medical cloud's authorization page, <c>https://account.us.withingsmed.com/oauth2_user/authorize2</c>.</summary>
    public static Uri UsMedicalCloudAuthorizeEndpoint => WithingsCloudHosts.AuthorizeEndpoint(WithingsCloud.UnitedStates);

    /// <summary>
    /// The page users are sent to to authorize the application. When <see langword="null"/> (the default), the page
    /// of <see cref="WithingsOptions.Cloud"/>: <see cref="DefaultAuthorizeEndpoint"/> or
    /// <see cref="UsMedicalCloudAuthorizeEndpoint"/>. A value set here wins over the cloud.
    /// </summary>
    public Uri? AuthorizeEndpoint { get; set; }

    /// <summary>
    /// How long before its expiry an access token is refreshed instead of used. Default 5 minutes, so that a
    /// request never leaves with a token that dies on the way (access tokens live 3 hours).
    /// </summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);
}
