namespace Withings.Sdk.Benchmarks.Day;

/// <summary>How many requests to the look-alike are in flight, and how many were sent in all.</summary>
public sealed class InFlightCounter
{
    private long _count;
    private long _sent;

    /// <summary>Requests sent and not yet read whole.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Requests sent since the start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>A request starts.</summary>
    public void Start()
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref _count);
    }

    /// <summary>A request's response was read whole (or it failed).</summary>
    public void Stop() => Interlocked.Decrement(ref _count);
}

/// <summary>
/// The innermost handler of the SDK's <see cref="HttpClient"/> (added after the rate limiter's, so a request waiting
/// for a permit is not in flight): counts a request from its start until its response body is buffered, so that
/// <see cref="Quiescence"/> never mistakes bytes on their way for an idle system.
/// </summary>
public sealed class InFlightHandler(InFlightCounter counter) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        counter.Start();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            counter.Stop();
        }
    }
}
