namespace Withings.Sdk.Tests.Support;

/// <summary>A token store whose reads work and whose saves fail, like a database that went read-only.</summary>
public sealed class FailingSaveTokenStore(Exception failure) : IWithingsTokenStore
{
    private readonly InMemoryWithingsTokenStore _inner = new();

    public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken) => _inner.GetAsync(userId, cancellationToken);

    public Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken) => Task.FromException(failure);

    /// <summary>Stores a pair as the authorization flow of your application would, past the failing path.</summary>
    public Task Seed(WithingsTokenPair tokens) => _inner.SaveAsync(tokens, CancellationToken.None);
}
