namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Attempts of one piece of work in place, with the loop's <see cref="Backoff"/> between them, for a stage whose
/// retries wait where they are (the sync engine's user part); the handler stage's retries wait on a timer instead,
/// without their slot.
/// </summary>
internal static class RetriedAttempts
{
    /// <summary>Runs <paramref name="attempt"/> (given its number) until it succeeds or the last attempt failed.</summary>
    /// <param name="attempt">One attempt.</param>
    /// <param name="retry">Attempts and base delay.</param>
    /// <param name="retrying">Told of each failure that is tried again: the error, the attempt and the delay.</param>
    /// <param name="timeProvider">The clock of the delays.</param>
    /// <param name="abort">The shutdown deadline; it ends the attempts at once.</param>
    /// <returns>The last attempt's number, and its error when every attempt failed.</returns>
    public static async Task<(int Attempts, Exception? Error)> RunAsync(
        Func<int, Task> attempt,
        WithingsDeliveryRetryOptions retry,
        Action<Exception, int, TimeSpan> retrying,
        TimeProvider timeProvider,
        CancellationToken abort)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                await attempt(number).ConfigureAwait(false);
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
                    return (number, exception);
                }

                var delay = Backoff.After(number, retry);
                retrying(exception, number, delay);
                await Task.Delay(delay, timeProvider, abort).ConfigureAwait(false);
            }
        }
    }
}
