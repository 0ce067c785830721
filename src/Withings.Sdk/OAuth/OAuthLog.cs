using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>Log messages of OAuth: user ids, expiries and scopes, never a token or the client secret.</summary>
internal static partial class OAuthLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Saved a new token pair for user {UserId}, expiring at {ExpiresAt}, scope {Scope}")]
    public static partial void Saved(ILogger logger, long userId, DateTimeOffset expiresAt, string scope);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Refreshing the token pair of user {UserId} ({Reason})")]
    public static partial void Refreshing(ILogger logger, long userId, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "The token pair of user {UserId} was already refreshed by another caller")]
    public static partial void AlreadyRefreshed(ILogger logger, long userId);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "The refreshed token pair of user {UserId} was discarded ({ErrorType}, typically from the token store's SaveAsync); no new refresh for this user before {Until}")]
    public static partial void RefreshDiscarded(ILogger logger, long userId, string errorType, DateTimeOffset until);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Revoked the application's access for user {UserId} and removed the user's token pair")]
    public static partial void Revoked(ILogger logger, long userId);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Revoked the application's access for user {UserId}, but the token store {Store} cannot forget the pair: implement IWithingsUserTokenStore")]
    public static partial void RevokedNotForgotten(ILogger logger, long userId, string store);
}
