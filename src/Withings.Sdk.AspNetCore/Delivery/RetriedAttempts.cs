using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Timed attempts of user code that retry in place, with the loop's <see cref="Backoff"/> between them, for a stage
/// whose retries wait where they are (the sync engine's user part and profile actions); the handler stage's retries wait
/// on a timer instead, without their slot.
/// </summary>
internal sealed class RetriedAttempts(
    IServiceScopeFactory scopes,
    TimeSpan timeout,
    WithingsDeliveryRetryOptions retry,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>Calls <paramref name="call"/> in a scope per attempt until it succeeds or the last attempt failed.</summary>
    /// <param name="work">The user code's name, for the logs ("The Withings data handler").</param>
    /// <param name="call">One attempt: the scope's services and the attempt's token.</param>
    /// <param name="notifications">How many notifications the work is for, for the log when every attempt failed.</param>
    /// <param name="abort">The shutdown deadline; it ends the attempts at once.</param>
    /// <returns>The last attempt's number, and its error when every attempt failed.</returns>
    public async Task<(int Attempts, Exception? Error)> RunAsync(
        string work,
        Func<IServiceProvider, CancellationToken, Task> call,
        int notifications,
        CancellationToken abort)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                await TimedAttempt.RunAsync(scopes, timeout, work, call, timeProvider, abort).ConfigureAwait(false);
                return (number, null);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // User code: any failure is tried again, then handed back to be dead-lettered.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (Backoff.IsLast(number, retry))
                {
                    DeliveryLog.GaveUp(logger, exception, work, number, notifications);
                    return (number, exception);
                }

                var delay = Backoff.After(number, retry);
                DeliveryLog.Retrying(logger, exception, work, number, retry.MaxAttempts, delay);
                await Task.Delay(delay, timeProvider, abort).ConfigureAwait(false);
            }
        }
    }
}
