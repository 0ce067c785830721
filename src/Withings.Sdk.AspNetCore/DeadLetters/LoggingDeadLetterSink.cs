using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>The default sink: one structured warning per dead letter, the body truncated.</summary>
internal sealed partial class LoggingDeadLetterSink(ILogger<LoggingDeadLetterSink> logger) : IWithingsDeadLetterSink
{
    // Bodies are at most MaxBodyBytes (64 KiB by default); real ones are under 200 bytes. A log line stays readable.
    internal const int MaxLoggedBodyChars = 1024;

    public ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var body = deadLetter.Body.Length <= MaxLoggedBodyChars ? deadLetter.Body : string.Concat(deadLetter.Body.AsSpan(0, MaxLoggedBodyChars), "…");
        DeadLettered(logger, deadLetter.Exception, deadLetter.Reason, deadLetter.Attempts, deadLetter.Error, body);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Withings notification dead-lettered ({Reason}, {Attempts} handler attempts): {Error}; body: {Body}")]
    private static partial void DeadLettered(ILogger logger, Exception? exception, WithingsDeadLetterReason reason, int attempts, string error, string body);
}
