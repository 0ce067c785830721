using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>Log messages of the reconciler: user ids, counts and statuses, never a token or the callback URL.</summary>
internal static partial class ReconcilerLog
{
    [LoggerMessage(EventId = 720, Level = LogLevel.Information, Message = "Reconciled subscriptions of {Users} user(s): {Restored} restored, {Failed} failed, {Skipped} skipped (dead token)")]
    public static partial void Pass(ILogger logger, int users, int restored, int failed, int skipped);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "The token of user {UserId} no longer works ({Family}, {Answer}); the user is skipped until the token store holds a new pair for them")]
    public static partial void DeadToken(ILogger logger, long userId, WithingsStatusFamily family, AnswerText answer);

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "Reconciling the subscriptions of user {UserId} failed ({Family}, {Answer}); trying again at the next pass")]
    public static partial void UserFailed(ILogger logger, long userId, WithingsStatusFamily family, AnswerText answer);

    [LoggerMessage(EventId = 723, Level = LogLevel.Information, Message = "User {UserId} has a new token pair; reconciling their subscriptions again")]
    public static partial void TokenChanged(ILogger logger, long userId);

    [LoggerMessage(EventId = 724, Level = LogLevel.Error, Message = "A reconciliation pass failed; trying again at the next pass")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 725, Level = LogLevel.Information, Message = "Restored {Count} subscription(s) of user {UserId}")]
    public static partial void Restored(ILogger logger, long userId, int count);
}
