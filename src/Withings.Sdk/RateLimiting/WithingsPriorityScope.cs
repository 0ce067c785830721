namespace Withings.Sdk;

/// <summary>
/// Sets the <see cref="WithingsRequestPriority"/> of every Withings request the current asynchronous flow sends (the
/// rate limit reads it when the request waits for its permit), until the scope is disposed. An ambient setting
/// rather than a parameter, so that <see cref="IWithingsDataClient"/>, the Notify client and the token refresh inside
/// them need no extra argument.
/// </summary>
/// <example>
/// <code>
/// using (WithingsPriorityScope.Enter(WithingsRequestPriority.Backfill))
/// {
///     await client.ExecuteAsync(plan, cancellationToken);
/// }
/// </code>
/// </example>
public static class WithingsPriorityScope
{
    private static readonly AsyncLocal<WithingsRequestPriority?> Ambient = new();

    /// <summary>The priority of the requests the current flow sends: <see cref="WithingsRequestPriority.Live"/> outside any scope.</summary>
    public static WithingsRequestPriority Current => Ambient.Value ?? WithingsRequestPriority.Live;

    /// <summary>Sends the current flow's requests in <paramref name="priority"/> until the result is disposed (scopes nest).</summary>
    /// <param name="priority">The class to wait in.</param>
    /// <returns>Restores the previous priority when disposed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="priority"/> is not a defined class.</exception>
    public static IDisposable Enter(WithingsRequestPriority priority)
    {
        if (priority < WithingsRequestPriority.TokenRefresh || priority > WithingsRequestPriority.Backfill)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Not a WithingsRequestPriority.");
        }

        var previous = Ambient.Value;
        Ambient.Value = priority;
        return new Restore(previous);
    }

    private sealed class Restore(WithingsRequestPriority? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
