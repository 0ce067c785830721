using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>Log messages of the HTTP transport. They name the operation, never a token or a form value.</summary>
internal static partial class WithingsHttpLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Sending {Operation} to {Path}, attempt {Attempt}")]
    public static partial void Sending(ILogger logger, string operation, string path, int attempt);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "{Operation} succeeded on attempt {Attempt}")]
    public static partial void Succeeded(ILogger logger, string operation, int attempt);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Operation} failed on attempt {Attempt} ({Failure}, {Answer}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string failure, AnswerText answer, TimeSpan delay);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Operation} failed after {Attempt} attempt(s) ({Failure}, {Answer}, transient {Transient})")]
    public static partial void Failed(ILogger logger, string operation, int attempt, string failure, AnswerText answer, bool transient);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Withings answered {Operation} with status 601 (too many requests): every request of the application waits {Delay}")]
    public static partial void HoldingRateLimit(ILogger logger, string operation, TimeSpan delay);
}
