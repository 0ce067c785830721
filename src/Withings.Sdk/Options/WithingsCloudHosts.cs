namespace Withings.Sdk;

/// <summary>The API host and the authorization page of each <see cref="WithingsCloud"/>, which always go together.</summary>
internal static class WithingsCloudHosts
{
    private static readonly Uri UsAuthorizeEndpoint = new("https://account.us.withingsmed.com/oauth2_user/authorize2");

    public static Uri ApiBaseAddress(WithingsCloud cloud) => cloud switch
    {
        WithingsCloud.UnitedStates => WithingsOptions.UsMedicalCloudApiBaseAddress,
        _ => WithingsOptions.DefaultApiBaseAddress,
    };

    public static Uri AuthorizeEndpoint(WithingsCloud cloud) => cloud switch
    {
        WithingsCloud.UnitedStates => UsAuthorizeEndpoint,
        _ => WithingsOAuthOptions.DefaultAuthorizeEndpoint,
    };
}
