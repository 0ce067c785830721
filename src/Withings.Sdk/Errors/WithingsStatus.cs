namespace Withings.Sdk;

/// <summary>
/// Classifies the <c>status</c> of a Withings response envelope into its family, whether it is worth retrying, and
/// the human meaning known for it.
/// </summary>
public static class WithingsStatus
{
    /// <summary>The status of a successful call.</summary>
    public const int Success = 0;

    /// <summary>Returns the family a Withings status belongs to.</summary>
    /// <param name="status">The envelope's <c>status</c>.</param>
    /// <returns>The family; <see cref="WithingsStatusFamily.ErrorOccurred"/> for every code Withings does not list.</returns>
    public static WithingsStatusFamily GetFamily(int status) => status switch
    {
        0 => WithingsStatusFamily.Success,
        >= 100 and <= 102 or 200 or 401 => WithingsStatusFamily.AuthenticationFailed,
        214 or 277 or 2553 or 2555 => WithingsStatusFamily.Unauthorized,
        2554 => WithingsStatusFamily.NotImplemented,
        522 => WithingsStatusFamily.Timeout,
        524 => WithingsStatusFamily.BadState,
        601 => WithingsStatusFamily.TooManyRequests,
        _ when IsInvalidParams(status) => WithingsStatusFamily.InvalidParams,
        _ => WithingsStatusFamily.ErrorOccurred,
    };

    /// <summary>
    /// Whether a call that failed with this status may succeed when sent again: 522 (timeout) and 601 (too many
    /// requests), and, a few times at most, 524 (bad state) and the "an error occurred" family.
    /// </summary>
    /// <param name="status">The envelope's <c>status</c>.</param>
    /// <returns><see langword="false"/> for success and for authentication, parameter, authorization and
    /// not-implemented failures, which the same request can never fix.</returns>
    public static bool IsTransient(int status) => GetFamily(status) switch
    {
        WithingsStatusFamily.Timeout
            or WithingsStatusFamily.TooManyRequests
            or WithingsStatusFamily.BadState
            or WithingsStatusFamily.ErrorOccurred => true,
        _ => false,
    };

    /// <summary>Returns the meaning known for a status, from older Withings documentation and field reports.</summary>
    /// <param name="status">The envelope's <c>status</c>.</param>
    /// <returns>The meaning, or <see langword="null"/> when Withings publishes none.</returns>
    public static string? GetMeaning(int status) => status switch
    {
        286 => "no such subscription",
        293 => "callback URL absent, invalid, or failed Withings' HEAD check",
        294 => "subscription could not be deleted",
        304 => "comment absent or incorrect",
        305 => "too many notifications set",
        328 => "user deactivated",
        342 => "invalid signature",
        343 => "no notification matching the criteria",
        503 => "invalid authorization code or refresh token",
        601 => "the application exceeded its requests per minute",
        _ => null,
    };

    // Whether a status belongs to a family whose retries are capped, because Withings may be failing for good.
    internal static bool IsRetryLimited(int status) => GetFamily(status) is WithingsStatusFamily.BadState or WithingsStatusFamily.ErrorOccurred;

    // The "invalid params" codes of docs/withings-api.md §3, range by range.
    private static bool IsInvalidParams(int status) => status switch
    {
        >= 201 and <= 213 => true,
        >= 216 and <= 218 => true,
        220 or 221 or 223 or 225 => true,
        >= 227 and <= 230 => true,
        >= 234 and <= 236 => true,
        238 => true,
        >= 240 and <= 252 => true,
        254 => true,
        >= 260 and <= 267 => true,
        271 or 272 or 275 or 276 => true,
        >= 283 and <= 288 => true,
        290 => true,
        >= 293 and <= 295 => true,
        297 => true,
        >= 300 and <= 304 => true,
        321 => true,
        >= 323 and <= 353 => true,
        >= 380 and <= 382 => true,
        400 => true,
        >= 501 and <= 511 => true,
        523 or 532 => true,
        >= 3017 and <= 3019 => true,
        _ => false,
    };
}
