using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The callback URL: a request without the secret (or from outside the allowed networks) gets 404 whatever its method;
/// HEAD and GET answer 200 (Withings' URL check); POST reads the body within the size limit, parses it, hands it to
/// the store (which drops duplicates) and answers 200; other methods get 405. No user code runs here. Every POST past
/// the checks ends as acknowledged or as a counted rejection (413, 408, 400, 503 or aborted).
/// </summary>
internal sealed class NotificationEndpoint
{
    private static readonly string AllowedMethods = string.Join(", ", HttpMethods.Get, HttpMethods.Head, HttpMethods.Post);

    private readonly NotificationParser _parser;
    private readonly int _maxBodyBytes;
    private readonly IOptionsMonitor<WithingsReceiverOptions> _options;
    private readonly IWithingsReceiverStore _store;
    private readonly ReceiverMetrics _metrics;
    private readonly NotificationTrail _trail;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private volatile RequestSecurity? _security;

    public NotificationEndpoint(
        NotificationParser parser,
        IOptions<WithingsOptions> withingsOptions,
        IOptionsMonitor<WithingsReceiverOptions> options,
        IWithingsReceiverStore store,
        ReceiverMetrics metrics,
        NotificationTrail trail,
        IHostApplicationLifetime lifetime,
        TimeProvider timeProvider,
        ILogger<NotificationEndpoint> logger)
    {
        _parser = parser;
        _maxBodyBytes = withingsOptions.Value.Parser.MaxBodyBytes;
        _options = options;
        _store = store;
        _metrics = metrics;
        _trail = trail;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        var security = CurrentSecurity();
        if (security.Secret is { } secret && !secret.Matches(CandidateSecret(context)))
        {
            ReceiverLog.SecretRejected(_logger);
            _metrics.Unauthorized("secret");
            Answer(response, StatusCodes.Status404NotFound);
            return;
        }

        if (!security.Networks.Allows(context.Connection.RemoteIpAddress))
        {
            ReceiverLog.SenderRejected(_logger, context.Connection.RemoteIpAddress);
            _metrics.Unauthorized("network");
            Answer(response, StatusCodes.Status404NotFound);
            return;
        }

        var method = context.Request.Method;
        if (!HttpMethods.IsPost(method))
        {
            if (HttpMethods.IsHead(method) || HttpMethods.IsGet(method))
            {
                // Withings checks the URL with HEAD before subscribing and wants exactly 200, not 204.
                Answer(response, StatusCodes.Status200OK);
            }
            else
            {
                // Only past the secret: without it every method gets 404, so nothing tells that an endpoint is here.
                response.Headers.Allow = AllowedMethods;
                Answer(response, StatusCodes.Status405MethodNotAllowed);
            }

            return;
        }

        _metrics.Received();
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Reject(response, StatusCodes.Status503ServiceUnavailable, "stopping");
            ReceiverLog.Stopping(_logger);
            return;
        }

        try
        {
            await ReceiveAsync(context, response).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own limits while reading the body: a body too slow (MinRequestBodyDataRate, 408), too large
            // (MaxRequestBodySize, 413) or malformed (400). Counted like every other refusal, never an unhandled error.
            var (status, reason) = exception.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => (StatusCodes.Status408RequestTimeout, "too_slow"),
                StatusCodes.Status413PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, "too_large"),
                _ => (StatusCodes.Status400BadRequest, "bad_request"),
            };
            ReceiverLog.BadRequest(_logger, status, reason);
            Reject(response, status, reason);
        }
        catch (Exception exception) when (exception is IOException || (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            // The sender went away mid-body: nobody is left to answer, but the request still counts.
            ReceiverLog.Aborted(_logger);
            _metrics.Rejected("aborted");
        }
    }

    private async Task ReceiveAsync(HttpContext context, HttpResponse response)
    {
        var received = await ReadAsync(context.Request).ConfigureAwait(false);
        if (received is null)
        {
            ReceiverLog.BodyTooLarge(_logger, _maxBodyBytes);
            Reject(response, StatusCodes.Status413PayloadTooLarge, "too_large");
            return;
        }

        if (!received.IsParsed)
        {
            ReceiverLog.Unparseable(_logger, received.ParseError.Description);
        }

        // The request's span travels with the notification, for the consumers' links; without tracing there is none,
        // and nothing to copy on the webhook's path.
        if (Activity.Current is { } span)
        {
            received = received with { RequestTrace = span.Context };
        }

        // Not cancelled with RequestAborted: a store may complete the append anyway, and the answer must say so.
        WithingsAcceptResult result;
        try
        {
            result = await _store.AcceptAsync(received, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A store of the application's own that throws: refused, so that Withings retries; never a 500.
            ReceiverLog.StoreFailed(_logger, exception);
            result = WithingsAcceptResult.Unavailable;
        }

        switch (result)
        {
            case WithingsAcceptResult.Accepted:
                _metrics.Acknowledged();
                _trail.Queued(received);
                Answer(response, StatusCodes.Status200OK);
                break;
            case WithingsAcceptResult.Duplicate:
                ReceiverLog.Duplicate(_logger, (int)received.Notification!.Appli);
                _metrics.Duplicate();
                _trail.Duplicate(received);
                _metrics.Acknowledged();
                Answer(response, StatusCodes.Status200OK);
                break;
            case WithingsAcceptResult.Stopping:
                _trail.Refused(received);
                ReceiverLog.Stopping(_logger);
                Reject(response, StatusCodes.Status503ServiceUnavailable, "stopping");
                break;
            case WithingsAcceptResult.Full:
                _trail.Refused(received);
                ReceiverLog.QueueFull(_logger, _store.GetStatus().Held);
                Reject(response, StatusCodes.Status503ServiceUnavailable, "queue_full");
                break;
            default:
                _trail.Refused(received);
                // The store logged once that it cannot write (a full disk, Redis down); each refusal is only counted.
                ReceiverLog.StoreUnavailable(_logger);
                Reject(response, StatusCodes.Status503ServiceUnavailable, "store_unavailable");
                break;
        }
    }

    /// <summary>Reads and parses the body; <see langword="null"/> when it exceeds the limit (never buffered whole).</summary>
    private async ValueTask<ReceivedNotification?> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > _maxBodyBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            // Not cancelled with RequestAborted: Kestrel ends the read itself when the sender goes away (an IOException
            // or a BadHttpRequestException), and a read cancelled by the token leaves the body reader in a state its
            // automatic draining then reports as an error.
            var result = await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > _maxBodyBytes)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                try
                {
                    return Parse(buffer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            // Keep everything and ask for more: the body is parsed whole once complete.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private ReceivedNotification Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Parse(body.FirstSpan);
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            body.CopyTo(rented);
            return Parse(rented.AsSpan(0, (int)body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private ReceivedNotification Parse(ReadOnlySpan<byte> body)
    {
        var now = _timeProvider.GetUtcNow();
        return _parser.TryParse(body, out var notification, out var error)
            ? ReceivedNotification.Parsed(notification, now, body.Length)
            : ReceivedNotification.Unparseable(Encoding.UTF8.GetString(body), error, now, body.Length);
    }

    private static string? CandidateSecret(HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue("secret", out var routeValue) && routeValue is string fromRoute)
        {
            return fromRoute;
        }

        var fromQuery = context.Request.Query["secret"];
        return fromQuery.Count == 1 ? fromQuery[0] : null;
    }

    private RequestSecurity CurrentSecurity()
    {
        var cached = _security;
        WithingsReceiverOptions current;
        try
        {
            current = _options.CurrentValue;
        }
        catch (OptionsValidationException) when (cached is not null)
        {
            // A reload with invalid settings: keep enforcing the last valid ones rather than failing every request.
            return cached;
        }

        if (cached is not null && ReferenceEquals(cached.Source, current))
        {
            return cached;
        }

        var fresh = new RequestSecurity(current, CallbackSecret.Create(current.CallbackSecret), SenderNetworks.Parse(current.AllowedNetworks));
        _security = fresh;
        return fresh;
    }

    private void Reject(HttpResponse response, int statusCode, string reason)
    {
        _metrics.Rejected(reason);
        Answer(response, statusCode);
    }

    private static void Answer(HttpResponse response, int statusCode)
    {
        response.StatusCode = statusCode;
        response.ContentLength = 0;
    }

    private sealed record RequestSecurity(WithingsReceiverOptions Source, CallbackSecret? Secret, SenderNetworks Networks);
}
