namespace Withings.Sdk;

/// <summary>The default <see cref="IWithingsRefreshLock"/> of a single process: it locks nothing.</summary>
public sealed class NoWithingsRefreshLock : IWithingsRefreshLock
{
    /// <summary>The one instance.</summary>
    public static NoWithingsRefreshLock Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask<IAsyncDisposable> AcquireAsync(long userId, CancellationToken cancellationToken) => new(Released.Instance);

    private sealed class Released : IAsyncDisposable
    {
        public static Released Instance { get; } = new();

        public ValueTask DisposeAsync() => default;
    }
}
