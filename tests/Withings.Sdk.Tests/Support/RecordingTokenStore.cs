namespace Withings.Sdk.Tests.Support;

/// <summary>An in-memory token store that writes every save into a shared event log and counts reads.</summary>
public sealed class RecordingTokenStore(List<string> events) : IWithingsTokenStore
{
    private readonly InMemoryWithingsTokenStore _inner = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waits = [];
    private int _reads;

    public int Reads
    {
        get
        {
            lock (_waits)
            {
                return _reads;
            }
        }
    }

    /// <summary>Completes once the store has been read <paramref name="count"/> times.</summary>
    public Task ReadsReached(int count)
    {
        lock (_waits)
        {
            if (_reads >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((count, reached));
            return reached.Task;
        }
    }

    public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        var result = _inner.GetAsync(userId, cancellationToken);
        lock (_waits)
        {
            _reads++;
            foreach (var wait in _waits.Where(w => w.Count <= _reads).ToList())
            {
                wait.Reached.TrySetResult();
                _waits.Remove(wait);
            }
        }

        return result;
    }

    public async Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken)
    {
        await _inner.SaveAsync(tokens, cancellationToken);
        lock (events)
        {
            events.Add("saved refresh token " + tokens.RefreshToken);
        }
    }

    public Task Seed(WithingsTokenPair tokens) => _inner.SaveAsync(tokens, CancellationToken.None);
}
