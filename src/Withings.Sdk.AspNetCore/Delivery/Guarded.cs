namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A call into user code or a store whose failure must not stop the loop (a dead-letter sink, a listener, a cursor
/// write): the failure is handed over to be logged, and the work goes on. Only the shutdown deadline ends it.
/// </summary>
internal static class Guarded
{
    public static async Task RunAsync(Func<Task> call, Action<Exception> failed, CancellationToken abort)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The point of this class: any failure is logged by the caller, never thrown.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failed(exception);
        }
    }

    /// <summary>As <see cref="RunAsync(Func{Task}, Action{Exception}, CancellationToken)"/>, with a value to fall back on.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, Func<Exception, T> failed, CancellationToken abort)
    {
        var result = default(T)!;
        Func<Task> run = async () => result = await call().ConfigureAwait(false);
        await RunAsync(run, exception => result = failed(exception), abort).ConfigureAwait(false);
        return result;
    }
}
