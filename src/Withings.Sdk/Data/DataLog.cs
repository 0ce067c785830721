using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>Log messages of the data client: operations, users and counts, never a token or a form value.</summary>
internal static partial class DataLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "Fetched {Operation} for user {UserId}: {Pages} page(s), {Rows} row(s)")]
    public static partial void Fetched(ILogger logger, string operation, long? userId, int pages, int rows);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "{Operation} for user {UserId} stopped at the page cap ({MaxPages}) while Withings had more")]
    public static partial void Truncated(ILogger logger, string operation, long? userId, int maxPages);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Withings refused the access token of user {UserId} for {Operation} ({Answer}); refreshing it and trying once more")]
    public static partial void RefreshingAfterRefusal(ILogger logger, long userId, string operation, AnswerText answer);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "{Operation} for user {UserId}: {Count} row(s) could not be typed and are kept raw on FetchResult.UnreadRows; the first at {Path}, field {Field}: {Reason}")]
    public static partial void UnreadRows(ILogger logger, string operation, long? userId, int count, string path, string field, string reason);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "{Operation} for user {UserId} failed: {ErrorType} ({Answer})")]
    public static partial void Failed(ILogger logger, string operation, long? userId, string errorType, AnswerText answer);
}
