using System.Collections.Concurrent;

namespace Withings.Sdk;

/// <summary>
/// A token store that keeps pairs in memory: fine for tests and samples, not for production, where a restart would
/// lose every user's tokens (and with them, after a rotation, the only valid refresh token).
/// </summary>
public sealed class InMemoryWithingsTokenStore : IWithingsTokenStore, IWithingsTokenRemover
{
    private readonly ConcurrentDictionary<long, WithingsTokenPair> _pairs = new();

    /// <inheritdoc/>
    public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_pairs.TryGetValue(userId, out var pair) ? pair : null);
    }

    /// <inheritdoc/>
    public Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken)
    {
        if (tokens is null)
        {
            throw new ArgumentNullException(nameof(tokens));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _pairs[tokens.UserId] = tokens;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RemoveAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _pairs.TryRemove(userId, out _);
        return Task.CompletedTask;
    }
}
