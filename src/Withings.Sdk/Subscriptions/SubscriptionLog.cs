using Microsoft.Extensions.Logging;

namespace Withings.Sdk;

/// <summary>Log messages of subscription upkeep: categories, statuses and user ids, never a token or a callback URL (it may carry a secret).</summary>
internal static partial class SubscriptionLog
{
    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "Subscribed appli {Appli} (attempt {Attempt})")]
    public static partial void Subscribed(ILogger logger, int appli, int attempt);

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "Withings' check of the callback URL failed (status 293) subscribing appli {Appli}, attempt {Attempt}; trying again in {Delay}")]
    public static partial void CallbackCheckFailed(ILogger logger, int appli, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 712, Level = LogLevel.Information, Message = "Revoked appli {Appli} of this callback URL (not asked for)")]
    public static partial void Revoked(ILogger logger, int appli);

    [LoggerMessage(EventId = 713, Level = LogLevel.Warning, Message = "Could not {Action} appli {Appli}: {Answer} ({Family})")]
    public static partial void Failed(ILogger logger, string action, int appli, AnswerText answer, WithingsStatusFamily family);
}
