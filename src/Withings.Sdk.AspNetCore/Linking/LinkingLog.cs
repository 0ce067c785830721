using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Log messages of user linking: Withings user ids, scopes, reasons and categories; never a token, a code, a state,
/// the callback URL (it carries the secret) or the application's user key (often an e-mail address).
/// </summary>
internal static partial class LinkingLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Sending a user to Withings' authorization page (demo account: {IsDemo})")]
    public static partial void Started(ILogger logger, bool isDemo);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Linked Withings user {WithingsUserId} (scope {Scope}); subscribed {Subscribed}, kept {Kept}, failed {Failed}")]
    public static partial void Linked(ILogger logger, long withingsUserId, string scope, IReadOnlyList<NotificationCategory> subscribed, IReadOnlyList<NotificationCategory> kept, IReadOnlyList<NotificationCategory> failed);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "A link did not complete: {Reason}")]
    public static partial void Refused(ILogger logger, LinkFailure reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "A link was refused as a possible attack: {Reason}")]
    public static partial void Suspicious(ILogger logger, LinkFailure reason);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Withings refused the authorization code (status {Status}, {Family}); the user is asked to start again")]
    public static partial void CodeRefused(ILogger logger, int? status, WithingsStatusFamily family);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "The code exchange with Withings failed transiently (status {Status}, {Family}); the user is asked to try again")]
    public static partial void WithingsUnavailable(ILogger logger, int? status, WithingsStatusFamily family);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "Linked Withings user {WithingsUserId}, but ensuring the subscriptions failed before any category ({Failure}): the reconciler or the next link tries again")]
    public static partial void SubscriptionsFailed(ILogger logger, long withingsUserId, string failure);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Error, Message = "Linking failed on the application's side ({Step}); the user sees an error page and can link again")]
    public static partial void Failed(ILogger logger, string step, Exception exception);
}
