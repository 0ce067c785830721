using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The log messages every stage of the delivery loop shares: attempts, appli and counts, never a value.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "{Work} failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, Exception exception, string work, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "{Work} failed on every attempt ({Attempts}); {Notifications} notifications are dead-lettered")]
    public static partial void GaveUp(ILogger logger, Exception exception, string work, int attempts, int notifications);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Withings notifications of appli {Appli} could not be planned; they are dead-lettered")]
    public static partial void PlanningFailed(ILogger logger, Exception exception, int appli);
}
