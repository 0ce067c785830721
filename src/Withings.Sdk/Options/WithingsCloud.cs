namespace Withings.Sdk;

/// <summary>
/// The Withings cloud an application is registered on. The APIs are the same on every cloud, but an application,
/// its users and their tokens live on one cloud only, so every host (API, authorization page) must match it.
/// </summary>
public enum WithingsCloud
{
    /// <summary>The EU medical / public cloud: <c>https://wbsapi.withings.net</c> and <c>https://account.withings.com</c>.</summary>
    Global = 0,

    /// <summary>
    /// The US medical cloud (HIPAA, contract partners only): <c>https://wbsapi.us.withingsmed.net</c> and
    /// <c>https://account.us.withingsmed.com</c>.
    /// </summary>
    UnitedStates = 1,
}
