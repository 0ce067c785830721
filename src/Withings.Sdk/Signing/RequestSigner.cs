namespace Withings.Sdk;

/// <summary>
/// Adds <c>client_id</c>, <c>nonce</c> and <c>signature</c> to a signed request (REFERENCE.md §6), with a fresh
/// nonce from <c>/v2/signature action=getnonce</c> each time: a nonce is single use.
/// </summary>
internal sealed class RequestSigner(WithingsHttpTransport transport, TimeProvider timeProvider)
{
    private const string SignaturePath = "/v2/signature";
    private const string Operation = "v2/signature/getnonce";

    public async Task<FetchRequest> SignAsync(FetchRequest request, WithingsOptions options, CancellationToken cancellationToken)
    {
        var clientId = RequiredSetting.Get(options.ClientId, nameof(options.ClientId));
        var clientSecret = RequiredSetting.Get(options.ClientSecret, nameof(options.ClientSecret));
        var nonce = await GetNonceAsync(clientId, clientSecret, cancellationToken).ConfigureAwait(false);
        var signature = WithingsSignature.ComputeRequestSignature(request.Action, clientId, clientSecret, nonce);
        return request.WithField("client_id", clientId).WithField("nonce", nonce).WithField("signature", signature);
    }

    public async Task<string> GetNonceAsync(string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var form = new KeyValuePair<string, string>[]
        {
            new("action", "getnonce"),
            new("client_id", clientId),
            new("timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("signature", WithingsSignature.ComputeNonceSignature(clientId, clientSecret, timestamp)),
        };
        var body = await transport.SendAsync(
            (options, _) => Task.FromResult(WithingsHttpTransport.CreateFormPost(options.ApiBaseAddress, SignaturePath, form, accessToken: null)),
            Operation,
            clientSecret,
            cancellationToken).ConfigureAwait(false);
        var nonce = JsonFields.GetString(body, "nonce");
        return string.IsNullOrEmpty(nonce)
            ? throw new WithingsApiException("The Withings getnonce response has no nonce. Check that WithingsOptions.ApiBaseAddress points at the Withings API.", Operation, isTransient: false, innerException: null)
            : nonce!;
    }
}
