using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Settings of the Withings SDK, bound from the configuration section <c>Withings</c>
/// (for example the environment variable <c>Withings__ApiBaseAddress</c>).
/// </summary>
public sealed class WithingsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Withings";

    /// <summary>The default API host, <c>https://wbsapi.withings.net</c>.</summary>
    public static Uri DefaultApiBaseAddress { get; } = new("https://wbsapi.withings.net");

    /// <summary>The US medical cloud API host, <c>https://wbsapi.us.withingsmed.net</c>.</summary>
    public static Uri UsMedicalCloudApiBaseAddress { get; } = new("https://wbsapi.us.withingsmed.net");

    private Uri? _apiBaseAddress;

    /// <summary>
    /// The Withings cloud the application is registered on (<c>Withings:Cloud</c>): <see cref="WithingsCloud.Global"/>
    /// (the default) or <see cref="WithingsCloud.UnitedStates"/>. It picks the API host and the authorization page
    /// together, so that token calls, Notify calls, data calls and authorize URLs never mix two clouds.
    /// </summary>
    public WithingsCloud Cloud { get; set; } = WithingsCloud.Global;

    /// <summary>
    /// The API host every request goes to. Unless set, the host of <see cref="Cloud"/>:
    /// <see cref="DefaultApiBaseAddress"/> or <see cref="UsMedicalCloudApiBaseAddress"/>. A value set here (for
    /// example a local test server) wins over <see cref="Cloud"/>.
    /// </summary>
    public Uri ApiBaseAddress
    {
        get => _apiBaseAddress ?? WithingsCloudHosts.ApiBaseAddress(Cloud);
        set => _apiBaseAddress = value;
    }

    /// <summary>Your application's client id, needed for OAuth and signed requests.</summary>
    public string? ClientId { get; set; }

    /// <summary>Your application's client secret, needed for OAuth and signed requests. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Retries of transient failures.</summary>
    [Required]
    [ValidateObjectMembers]
    public WithingsRetryOptions Retry { get; set; } = new();

    /// <summary>How notifications become fetch plans.</summary>
    [Required]
    [ValidateObjectMembers(typeof(WithingsPlanningOptionsValidator))]
    public WithingsPlanningOptions Planning { get; set; } = new();

    /// <summary>The application-wide request rate limit.</summary>
    [Required]
    [ValidateObjectMembers]
    public WithingsRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Settings of the Notify (subscription) client.</summary>
    [Required]
    [ValidateObjectMembers]
    public WithingsNotifyOptions Notify { get; set; } = new();

    /// <summary>How planned requests are run: paging.</summary>
    [Required]
    [ValidateObjectMembers]
    public WithingsFetchOptions Fetch { get; set; } = new();

    /// <summary>How OAuth tokens are obtained and refreshed.</summary>
    [Required]
    [ValidateObjectMembers]
    public WithingsOAuthOptions OAuth { get; set; } = new();

    /// <summary>Limits on incoming notification bodies.</summary>
    [Required]
    public NotificationParserOptions Parser { get; set; } = new();
}
