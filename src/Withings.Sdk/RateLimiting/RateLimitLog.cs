using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>Log messages of the application-wide rate limit.</summary>
internal static partial class RateLimitLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Waited {Waited} for a rate-limit permit before sending {Request}")]
    public static partial void Waited(ILogger logger, string request, TimeSpan waited);
}
