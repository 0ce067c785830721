using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// One call of user code (a handler), in a scope of its own, cut at the receiver's <c>HandlerTimeout</c>. User code
/// that ignores its token is abandoned: it runs on, its scope disposed when it ends, and the caller goes on at once.
/// </summary>
internal static class TimedAttempt
{
    /// <param name="scopes">Where the attempt's scope comes from.</param>
    /// <param name="timeout">How long the attempt may run; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <param name="what">The user code's name in the timeout's message ("The handler", "The data handler").</param>
    /// <param name="call">The attempt: the scope's services and the attempt's token.</param>
    /// <param name="timeProvider">The clock of the timeout.</param>
    /// <param name="abort">The shutdown deadline.</param>
    /// <exception cref="TimeoutException">The attempt ran past <paramref name="timeout"/>.</exception>
    public static async Task RunAsync(
        IServiceScopeFactory scopes,
        TimeSpan timeout,
        string what,
        Func<IServiceProvider, CancellationToken, Task> call,
        TimeProvider timeProvider,
        CancellationToken abort)
    {
        using var timer = timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(timeout, timeProvider);
        using var attemptToken = timer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(abort, timer.Token);
        var token = attemptToken?.Token ?? abort;
        var scope = scopes.CreateAsyncScope();
        Task running;
        try
        {
            running = call(scope.ServiceProvider, token);
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            await running.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer?.IsCancellationRequested == true && !abort.IsCancellationRequested)
        {
            Abandon(running, scope);
            throw new TimeoutException($"{what} did not finish within HandlerTimeout ({timeout}).");
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            Abandon(running, scope);
            throw;
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await scope.DisposeAsync().ConfigureAwait(false);
    }

    private static void Abandon(Task running, AsyncServiceScope scope)
    {
        if (running.IsCompleted)
        {
            _ = running.Exception;
            scope.DisposeAsync().AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return;
        }

        running.ContinueWith(
            static (task, state) =>
            {
                _ = task.Exception;
                return ((AsyncServiceScope)state!).DisposeAsync().AsTask();
            },
            scope,
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default).Unwrap().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}
