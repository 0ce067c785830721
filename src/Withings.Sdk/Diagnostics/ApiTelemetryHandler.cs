using System.Diagnostics;
using System.Text.Json;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk;

/// <summary>
/// The outermost handler of the SDK's HTTP client: one span per Withings API request (a child of whatever span is
/// current, such as the sync engine's notification span) and the request metrics. It reads only the form's
/// <c>action</c> (and <c>grant_type</c>, to count token refreshes) and the answer's <c>status</c>: no token, secret
/// or data value reaches a tag.
/// </summary>
internal sealed class ApiTelemetryHandler(TimeProvider timeProvider) : DelegatingHandler
{

    // Withings writes "status" first; a status further in than this is reported as unknown rather than read for.
    private const int StatusLookahead = 512;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var service = request.RequestUri?.AbsolutePath ?? string.Empty;
        var (action, grantType) = await ReadActionAsync(request.Content).ConfigureAwait(false);
        if (string.Equals(action, "requesttoken", StringComparison.Ordinal) && string.Equals(grantType, "refresh_token", StringComparison.Ordinal))
        {
            ApiInstruments.TokenRefreshes.Add(1);
        }

        using var activity = WithingsTelemetry.Source.StartActivity("Withings " + service + " " + action, ActivityKind.Client);
        activity?.SetTag("withings.service", service);
        activity?.SetTag("withings.action", action);
        activity?.SetTag("http.request.method", request.Method.Method);
        var stamp = new PermitStamp();
        PermitStamp.Current = stamp;
        var started = timeProvider.GetTimestamp();
        var family = "transport";
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            var status = response.IsSuccessStatusCode ? await ReadStatusAsync(response.Content, cancellationToken).ConfigureAwait(false) : null;
            family = status is { } value ? FamilyName(WithingsStatus.GetFamily(value)) : response.IsSuccessStatusCode ? "unknown" : "transport";
            if (status is { } known)
            {
                activity?.SetTag("withings.status", known);
            }

            if (status == 601)
            {
                ApiInstruments.TooManyRequests.Add(1, ApiInstruments.Tags(service, action, family));
            }

            if (family != "success")
            {
                activity?.SetStatus(ActivityStatusCode.Error, "Withings answered with status family " + family);
            }

            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            var acquired = stamp.AcquiredAt ?? started;
            var ended = timeProvider.GetTimestamp();
            var tags = ApiInstruments.Tags(service, action, family);
            activity?.SetTag("withings.status_family", family);
            ApiInstruments.Requests.Add(1, tags);
            ApiInstruments.PermitWait.Record(timeProvider.GetElapsedTime(started, acquired).TotalSeconds, tags);
            ApiInstruments.Duration.Record(timeProvider.GetElapsedTime(acquired, ended).TotalSeconds, tags);
        }
    }

    internal static string FamilyName(WithingsStatusFamily family) => family switch
    {
        WithingsStatusFamily.Success => "success",
        WithingsStatusFamily.AuthenticationFailed => "authentication_failed",
        WithingsStatusFamily.InvalidParams => "invalid_params",
        WithingsStatusFamily.Unauthorized => "unauthorized",
        WithingsStatusFamily.NotImplemented => "not_implemented",
        WithingsStatusFamily.Timeout => "timeout",
        WithingsStatusFamily.BadState => "bad_state",
        WithingsStatusFamily.TooManyRequests => "too_many_requests",
        WithingsStatusFamily.ErrorOccurred => "error_occurred",
        _ => "transport",
    };

    private static async Task<(string Action, string? GrantType)> ReadActionAsync(HttpContent? content)
    {
        if (content is null || !string.Equals(content.Headers.ContentType?.MediaType, FormContent.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return (string.Empty, null);
        }

        // The SDK's forms are small byte arrays already in memory: reading them again costs a copy, not I/O.
        var form = await content.ReadAsStringAsync().ConfigureAwait(false);
        string action = string.Empty;
        string? grantType = null;
        foreach (var pair in FormUrlDecoder.DecodePairs(form))
        {
            if (pair.Key == "action")
            {
                action = pair.Value;
            }
            else if (pair.Key == "grant_type")
            {
                grantType = pair.Value;
            }
        }

        return (action, grantType);
    }

    private static async Task<int?> ReadStatusAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // Buffered so that the transport still reads the whole answer after this look at its first bytes.
#if NET9_0_OR_GREATER
        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
#else
        await content.LoadIntoBufferAsync().ConfigureAwait(false);
#endif
#if NETSTANDARD2_0
        var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#else
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#endif
        var buffer = new byte[StatusLookahead];
        var read = 0;
        int n;
#if NETSTANDARD2_0
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer, read, buffer.Length - read, cancellationToken).ConfigureAwait(false)) > 0)
#else
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
#endif
        {
            read += n;
        }

        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        return FindStatus(buffer.AsSpan(0, read));
    }

    /// <summary>The top-level <c>status</c> number, if it is within <paramref name="json"/>.</summary>
    internal static int? FindStatus(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var isStatus = reader.ValueTextEquals("status"u8);
                    if (!reader.Read())
                    {
                        return null;
                    }

                    if (isStatus)
                    {
                        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var status) ? status : null;
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        return null;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
