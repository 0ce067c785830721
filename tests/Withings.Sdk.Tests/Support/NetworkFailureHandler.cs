using System.Collections.Concurrent;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// Sits in front of the look-alike and fails requests the way the network does (a refused connection, an HttpClient
/// timeout): a server that answers cannot produce those, so they are raised here, before the request leaves.
/// </summary>
internal sealed class NetworkFailureHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<Exception> _once = new();
    private Exception? _always;
    private int _alwaysAfter;
    private int _sent;
    private int _failed;

    /// <summary>How many requests failed here and never reached the look-alike.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>The next request not yet failed fails with <paramref name="exception"/>; later ones go through.</summary>
    public NetworkFailureHandler FailOnce(Exception exception)
    {
        _once.Enqueue(exception);
        return this;
    }

    /// <summary>Every request fails with <paramref name="exception"/>.</summary>
    public NetworkFailureHandler FailAlways(Exception exception) => FailAfter(0, exception);

    /// <summary>The first <paramref name="passing"/> requests go through; every one after them fails with <paramref name="exception"/>.</summary>
    public NetworkFailureHandler FailAfter(int passing, Exception exception)
    {
        _alwaysAfter = passing;
        _always = exception;
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = Interlocked.Increment(ref _sent);
        if (_once.TryDequeue(out var failure) || (sent > _alwaysAfter && (failure = _always) is not null))
        {
            Interlocked.Increment(ref _failed);
            return Task.FromException<HttpResponseMessage>(failure);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
