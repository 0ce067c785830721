namespace Withings.Sdk;

/// <summary>
/// Adds <c>client_id</c>, <c>nonce</c> and <c>signature</c> to a signed request (docs/withings-api.md §6), with a fresh
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

    /// <summary>
    /// Sends a signed call: <paramref name="form"/> (<c>action</c> first) plus <c>client_id</c>, a nonce fetched for
    /// this attempt and the signature, without any user token. Retried attempts fetch a new nonce.
    /// </summary>
    public Task<System.Text.Json.JsonElement> SendSignedAsync(string path, IReadOnlyList<KeyValuePair<string, string>> form, string operation, CancellationToken cancellationToken)
    {
        var action = form.Count > 0 && form[0].Key == "action" ? form[0].Value : throw new ArgumentException("form: the first field must be action", nameof(form));
        // No secret to redact: a signed call carries the HMAC of the client secret, never the secret itself.
        return transport.SendAsync(
            async (options, token) =>
            {
                var clientId = RequiredSetting.Get(options.ClientId, nameof(options.ClientId));
                var clientSecret = RequiredSetting.Get(options.ClientSecret, nameof(options.ClientSecret));
                var nonce = await GetNonceAsync(clientId, clientSecret, token).ConfigureAwait(false);
                var signed = new List<KeyValuePair<string, string>>(form)
                {
                    new("client_id", clientId),
                    new("nonce", nonce),
                    new("signature", WithingsSignature.ComputeRequestSignature(action, clientId, clientSecret, nonce)),
                };
                return WithingsHttpTransport.CreateFormPost(options.ApiBaseAddress, path, signed, accessToken: null);
            },
            operation,
            secret: null,
            cancellationToken);
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
