using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk;

/// <summary>
/// Sends requests to the Withings API and reads its envelope: the <c>body</c> on status 0, a
/// <see cref="WithingsApiException"/> otherwise. Transient failures are retried with exponential backoff and jitter
/// (<see cref="WithingsRetryOptions"/>), waiting through <see cref="TimeProvider"/>; status 601 waits
/// <see cref="WithingsRetryOptions.RateLimitWait"/> and holds the application-wide limiter as long. Thread-safe.
/// </summary>
/// <remarks>
/// Given the limiter, each attempt takes its permit first, then builds its request, then sends it: the permit wait
/// is not part of <see cref="HttpClient.Timeout"/>, and a request that waited builds with what is current when it
/// leaves (the user's newest access token).
/// </remarks>
internal sealed class WithingsHttpTransport
{
    /// <summary>Attempts (the first included) at 524 and at the "an error occurred" family, which may be failing for good.</summary>
    internal const int LimitedAttempts = 3;

    private readonly HttpClient _httpClient;
    private readonly Func<WithingsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RetryBackoff _backoff;
    private readonly IWithingsRateLimitControl? _rateLimiter;

    /// <summary>Creates the transport.</summary>
    /// <param name="httpClient">The client requests go through; its <see cref="HttpClient.BaseAddress"/> is not used.</param>
    /// <param name="options">Reads the current options at each call, so that reloaded settings apply.</param>
    /// <param name="timeProvider">The clock backoff delays wait on.</param>
    /// <param name="logger">The logger; nothing is logged when <see langword="null"/>.</param>
    /// <param name="jitter">A source of numbers in [0, 1) for the jitter; random when <see langword="null"/>.</param>
    /// <param name="rateLimiter">The application-wide limiter; when <see langword="null"/>, a handler of the client takes the permits, if any.</param>
    public WithingsHttpTransport(HttpClient httpClient, Func<WithingsOptions> options, TimeProvider timeProvider, ILogger? logger = null, Func<double>? jitter = null, IWithingsRateLimitControl? rateLimiter = null)
    {
        _rateLimiter = rateLimiter;
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? NullLogger.Instance;
        _backoff = new RetryBackoff(jitter);
    }

    /// <summary>
    /// Posts <paramref name="form"/> to <c>{ApiBaseAddress}/{path}</c> with <c>Authorization: Bearer</c>
    /// <paramref name="accessToken"/>, retrying transient failures.
    /// </summary>
    /// <param name="path">The service path, for example <c>notify</c> or <c>/v2/measure</c>.</param>
    /// <param name="form">The form fields in order, <c>action</c> first.</param>
    /// <param name="accessToken">The user's access token; no Authorization header when <see langword="null"/>.</param>
    /// <param name="operation">The call's name in messages and logs, for example <c>notify/subscribe</c>.</param>
    /// <param name="cancellationToken">Cancels the call, including the waits between retries.</param>
    /// <returns>The envelope's <c>body</c> (an empty object when Withings sent none).</returns>
    /// <exception cref="WithingsApiException">Withings refused the call, or no valid answer was received.</exception>
    public Task<JsonElement> SendAsync(string path, IReadOnlyList<KeyValuePair<string, string>> form, string? accessToken, string operation, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (form is null)
        {
            throw new ArgumentNullException(nameof(form));
        }

        return SendAsync(
            (options, _) => Task.FromResult(CreateFormPost(options.ApiBaseAddress, path, form, accessToken)),
            operation,
            accessToken,
            cancellationToken);
    }

    /// <summary>
    /// Sends the request <paramref name="requestFactory"/> builds, once per attempt (a request message cannot be
    /// sent twice, and a signed request needs a fresh nonce each time), retrying transient failures.
    /// </summary>
    /// <param name="requestFactory">Builds the request from the current options.</param>
    /// <param name="operation">The call's name in messages and logs.</param>
    /// <param name="secret">A value that must never appear in an exception message (the token); may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call, including the waits between retries.</param>
    /// <returns>The envelope's <c>body</c>.</returns>
    /// <exception cref="WithingsApiException">Withings refused the call, or no valid answer was received.</exception>
    public async Task<JsonElement> SendAsync(
        Func<WithingsOptions, CancellationToken, Task<HttpRequestMessage>> requestFactory,
        string operation,
        string? secret,
        CancellationToken cancellationToken)
    {
        if (requestFactory is null)
        {
            throw new ArgumentNullException(nameof(requestFactory));
        }

        if (operation is null)
        {
            throw new ArgumentNullException(nameof(operation));
        }

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var options = _options();
            var (body, failure) = await AttemptAsync(requestFactory, options, operation, attempt, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                WithingsHttpLog.Succeeded(_logger, operation, attempt);
                return body;
            }

            var rateLimited = failure.Status is int refused && WithingsStatus.GetFamily(refused) == WithingsStatusFamily.TooManyRequests;
            var delay = rateLimited ? _backoff.GetRateLimitWait(options.Retry.RateLimitWait) : _backoff.GetDelay(attempt, options.Retry.BaseDelay);
            if (rateLimited && _rateLimiter is not null)
            {
                // The quota is spent for the whole application, whether or not this call tries again.
                WithingsHttpLog.HoldingRateLimit(_logger, operation, delay);
                await _rateLimiter.HoldAsync(delay, cancellationToken).ConfigureAwait(false);
            }

            var maxAttempts = Math.Max(1, options.Retry.MaxAttempts);
            if (failure.Status is int status && WithingsStatus.IsRetryLimited(status))
            {
                maxAttempts = Math.Min(maxAttempts, LimitedAttempts);
            }

            if (!failure.IsTransient || attempt >= maxAttempts)
            {
                WithingsHttpLog.Failed(_logger, operation, attempt, failure.Kind, new AnswerText(failure.Status, failure.HttpStatus), failure.IsTransient);
                throw WithingsErrorMessages.ToException(failure, operation, attempt, secret);
            }

            WithingsHttpLog.Retrying(_logger, operation, attempt, failure.Kind, new AnswerText(failure.Status, failure.HttpStatus), delay);
            if (delay > TimeSpan.Zero)
            {
#if NET8_0_OR_GREATER
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
#else
                await _timeProvider.Delay(delay, cancellationToken).ConfigureAwait(false);
#endif
            }
        }
    }

    /// <summary>Builds <c>POST {baseAddress}/{path}</c> with the form body and the bearer token (never in the URL).</summary>
    internal static HttpRequestMessage CreateFormPost(Uri baseAddress, string path, IReadOnlyList<KeyValuePair<string, string>> form, string? accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ServiceUri.Build(baseAddress, path))
        {
            Content = FormContent.Create(form),
        };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return request;
    }


    private async Task<(JsonElement Body, AttemptFailure? Failure)> AttemptAsync(
        Func<WithingsOptions, CancellationToken, Task<HttpRequestMessage>> requestFactory,
        WithingsOptions options,
        string operation,
        int attempt,
        CancellationToken cancellationToken)
    {
        // The permit comes before the request is built (so that it carries what is current when it leaves) and
        // outside HttpClient (so that waiting in the queue never counts as a timeout).
        using var lease = _rateLimiter is null ? null : await RatePermit.AcquireAsync(_rateLimiter, _timeProvider, _logger, operation, cancellationToken).ConfigureAwait(false);
        using var request = await requestFactory(options, cancellationToken).ConfigureAwait(false);
        if (lease is not null)
        {
            RatePermit.MarkTaken(request);
        }

        var (body, failure) = await SendOnceAsync(request, operation, attempt, cancellationToken).ConfigureAwait(false);
        return (body, failure is null ? null : failure with { Bearer = request.Headers.Authorization?.Parameter });
    }

    private async Task<(JsonElement Body, AttemptFailure? Failure)> SendOnceAsync(HttpRequestMessage request, string operation, int attempt, CancellationToken cancellationToken)
    {
        WithingsHttpLog.Sending(_logger, operation, request.RequestUri?.AbsolutePath ?? string.Empty, attempt);
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

            // HttpClient.Timeout stops at the headers when the body is streamed; the body read gets the same budget,
            // so a response that stalls mid-body is a timeout, not a hang.
            using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_httpClient.Timeout != Timeout.InfiniteTimeSpan)
            {
                bodyTimeout.CancelAfter(_httpClient.Timeout);
            }

            return await WithingsResponseReader.ReadAsync(response, bodyTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The caller did not cancel: HttpClient.Timeout (or a handler's own timeout) elapsed.
            return (default, new AttemptFailure
            {
                Kind = "timeout",
                IsTransient = true,
                Description = "no response within the HTTP timeout",
                Advice = "Try again later, or raise the HttpClient timeout.",
                Cause = e,
            });
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (default, new AttemptFailure
            {
                Kind = "network",
                IsTransient = true,
                Description = "network error (" + e.Message + ")",
                Advice = "Check the network and WithingsOptions.ApiBaseAddress, then try again.",
                Cause = e,
            });
        }
    }
}
