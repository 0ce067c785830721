namespace Withings.Sdk.Testing;

/// <summary>Sends each request to the look-alike instead of its own address, keeping the intended host in <c>Host</c> and its scheme in <c>X-Forwarded-Proto</c>.</summary>
internal sealed class RedirectingHandler(Uri lookAlike) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } target)
        {
            request.Headers.Host = target.Authority;
            request.Headers.Remove("X-Forwarded-Proto");
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", target.Scheme);
            request.RequestUri = new Uri(lookAlike, target.PathAndQuery);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
