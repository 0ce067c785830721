using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Runs fetch plans over the SDK's HTTP stack (the same error mapping, retries and application-wide rate limit as
/// every other Withings call). Thread-safe. Register it with <c>AddWithingsNotifications</c>; construct it yourself
/// only in tests.
/// </summary>
public sealed class WithingsDataClient : IWithingsDataClient
{
    private const string OffsetField = "offset";

    // The follow-ups of the lists whose recordings have a signal to fetch (Fetch:EcgSignals, Fetch:StethoscopeSignals).
    private static readonly SignalFollowUp<EcgRecording, EcgSignal> EcgSignals = new(
        static r => r.Ecg?.SignalId, EcgSignalRequest.For, static (r, signal) => r with { Signal = signal }, DataJsonContext.Default.EcgRecording);

    private static readonly SignalFollowUp<StethoscopeRecording, StethoscopeSignal> StethoscopeSignals = new(
        static r => r.SignalId, StethoscopeSignalRequest.For, static (r, signal) => r with { Signal = signal }, DataJsonContext.Default.StethoscopeRecording);

    private readonly WithingsHttpTransport _transport;
    private readonly RequestSigner _signer;
    private readonly IOptionsMonitor<WithingsOptions> _options;
    private readonly IWithingsAccessTokenProvider? _tokenProvider;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates a client with the default options (<see cref="WithingsOptions"/>), the system clock and no token
    /// provider: every call must pass its access token.
    /// </summary>
    /// <param name="httpClient">The client requests go through; keep it for the application's lifetime.</param>
    public WithingsDataClient(HttpClient httpClient)
        : this(httpClient, new FixedOptionsMonitor(new WithingsOptions()))
    {
    }

    /// <summary>Creates the client.</summary>
    /// <param name="httpClient">The client requests go through (the SDK's handlers, such as the rate limit, are on it when it comes from DI).</param>
    /// <param name="options">API address, paging, retry and signing settings, read at each call.</param>
    /// <param name="tokenProvider">Gives each user's access token; needed unless every call passes an access token.</param>
    /// <param name="timeProvider">The clock of retries and nonces; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">The logger; it never receives a token or a form value.</param>
    public WithingsDataClient(
        HttpClient httpClient,
        IOptionsMonitor<WithingsOptions> options,
        IWithingsAccessTokenProvider? tokenProvider = null,
        TimeProvider? timeProvider = null,
        ILogger<WithingsDataClient>? logger = null)
        : this(httpClient, options, tokenProvider, timeProvider, logger, rateLimiter: null)
    {
    }

    /// <summary>Creates the client; with <paramref name="rateLimiter"/>, each attempt takes its permit before the timed part.</summary>
    internal WithingsDataClient(
        HttpClient httpClient,
        IOptionsMonitor<WithingsOptions> options,
        IWithingsAccessTokenProvider? tokenProvider,
        TimeProvider? timeProvider,
        ILogger<WithingsDataClient>? logger,
        IWithingsRateLimitControl? rateLimiter)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _tokenProvider = tokenProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var clock = timeProvider ?? TimeProvider.System;
        _transport = new WithingsHttpTransport(httpClient, () => _options.CurrentValue, clock, _logger, rateLimiter: rateLimiter);
        _signer = new RequestSigner(_transport, clock);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<FetchResult>> ExecuteAsync(FetchPlan plan, CancellationToken cancellationToken = default) =>
        ExecutePlanAsync(plan, accessToken: null, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<FetchResult>> ExecuteAsync(FetchPlan plan, string accessToken, CancellationToken cancellationToken = default) =>
        ExecutePlanAsync(plan, RequireToken(accessToken), cancellationToken);

    /// <inheritdoc/>
    public Task<FetchResult> ExecuteAsync(FetchRequest request, CancellationToken cancellationToken = default) =>
        ExecuteOrThrowAsync(request, accessToken: null, cancellationToken);

    /// <inheritdoc/>
    public Task<FetchResult> ExecuteAsync(FetchRequest request, string accessToken, CancellationToken cancellationToken = default) =>
        ExecuteOrThrowAsync(request, RequireToken(accessToken), cancellationToken);

    /// <inheritdoc/>
    public Task<FetchResult> ContinueAsync(FetchResult result, CancellationToken cancellationToken = default) =>
        ContinueCoreAsync(result, accessToken: null, cancellationToken);

    /// <inheritdoc/>
    public Task<FetchResult> ContinueAsync(FetchResult result, string accessToken, CancellationToken cancellationToken = default) =>
        ContinueCoreAsync(result, RequireToken(accessToken), cancellationToken);

    private async Task<FetchResult> ContinueCoreAsync(FetchResult result, string? accessToken, CancellationToken cancellationToken)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        if (result.NextOffset is not long offset)
        {
            return result;
        }

        // The planned request from Withings' offset: its own run reads up to MaxPages pages (and their follow-ups).
        var next = await RunAsync(result.Request.WithField(OffsetField, offset.ToString(CultureInfo.InvariantCulture)), accessToken, cancellationToken).ConfigureAwait(false);
        return FetchPages.Append(result, next);
    }

    private async Task<IReadOnlyList<FetchResult>> ExecutePlanAsync(FetchPlan plan, string? accessToken, CancellationToken cancellationToken)
    {
        if (plan is null)
        {
            throw new ArgumentNullException(nameof(plan));
        }

        var results = new List<FetchResult>(plan.Requests.Count);
        foreach (var request in plan.Requests)
        {
            results.Add(await RunAsync(request, accessToken, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<FetchResult> ExecuteOrThrowAsync(FetchRequest request, string? accessToken, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var result = await RunAsync(request, accessToken, cancellationToken).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        return result;
    }

    private async Task<FetchResult> RunAsync(FetchRequest request, string? accessToken, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var operation = request.Path.Trim('/') + "/" + request.Action;
        var maxPages = Math.Max(1, options.Fetch.MaxPages);
        var session = new TokenSession(request.UserId, accessToken);
        var pages = new List<JsonElement>();
        long? nextOffset = null;
        var page = request;
        var previousOffset = long.TryParse(request.GetField(OffsetField), NumberStyles.None, CultureInfo.InvariantCulture, out var planned) ? planned : 0;
        try
        {
            while (true)
            {
                var body = await SendPageAsync(page, operation, session, cancellationToken).ConfigureAwait(false);
                pages.Add(body);
                if (!JsonFields.IsTruthy(body, "more") || JsonFields.GetInt64(body, OffsetField) is not long offset)
                {
                    break;
                }

                PagingGuard.Check(body, operation, previousOffset, offset);
                previousOffset = offset;
                if (pages.Count >= maxPages)
                {
                    nextOffset = offset;
                    DataLog.Truncated(_logger, operation, request.UserId, maxPages);
                    break;
                }

                // A new request per page: the planned one is never changed.
                page = request.WithField(OffsetField, offset.ToString(CultureInfo.InvariantCulture));
            }

            var result = BuildResult(request, operation, options, pages, nextOffset, error: null);
            return result switch
            {
                { IsSuccess: true, Records: FetchRecords<EcgRecording> { Count: > 0 } ecg } when options.Fetch.EcgSignals =>
                    await FetchSignalsAsync(result, ecg, EcgSignals, accessToken, cancellationToken).ConfigureAwait(false),
                { IsSuccess: true, Records: FetchRecords<StethoscopeRecording> { Count: > 0 } stetho } when options.Fetch.StethoscopeSignals =>
                    await FetchSignalsAsync(result, stetho, StethoscopeSignals, accessToken, cancellationToken).ConfigureAwait(false),
                _ => result,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever a request's run throws (your token store's IOException included) is that request's result:
            // a plan never stops at a failed request. Only the caller's cancellation ends the run.
            DataLog.Failed(_logger, operation, request.UserId, e.GetType().Name, new AnswerText((e as WithingsApiException)?.Status, (e as WithingsApiException)?.HttpStatus));
            return BuildResult(request, operation, options, pages, nextOffset, e);
        }
    }

    private FetchResult BuildResult(FetchRequest request, string operation, WithingsOptions options, List<JsonElement> pages, long? nextOffset, Exception? error)
    {
        var rows = pages.Sum(FetchPages.CountRows);
        var result = new FetchResult
        {
            Request = request,
            Url = request.GetUri(options.ApiBaseAddress),
            Body = pages.Count == 0 ? default : FetchPages.Merge(pages),
            Pages = pages.Count,
            Rows = rows,
            Window = FetchWindow.Of(request),

            // A failed run cannot be continued: run the request again, or continue the last result that succeeded.
            Truncated = error is null && nextOffset is not null,
            NextOffset = error is null ? nextOffset : null,
            Error = error,
        };
        if (error is not null)
        {
            return result;
        }

        try
        {
            var unread = new List<UnreadRow>();
            var records = RecordReader.Read(request, pages, unread);
            var series = new List<SeriesEntry>();
            if (records is not FetchRecords<MeasureGroup>)
            {
                pages.ForEach(p => FetchPages.AddSeries(p, series));
            }

            DataLog.Fetched(_logger, operation, request.UserId, pages.Count, rows);
            if (unread.Count > 0)
            {
                // Once per result, paths and reasons only: a row's values are the user's health data.
                DataLog.UnreadRows(_logger, operation, request.UserId, unread.Count, LogPath.Of(unread[0].Path), LogPath.Of(unread[0].Field), unread[0].Reason);
                DataInstruments.UnreadRows.Add(unread.Count, DataInstruments.Tags(request.Path, request.Action));
            }

            return result with
            {
                Records = records,
                UnreadRows = unread,
                TimeZone = FetchPages.FindTimeZone(pages),
                DataUpdatedAt = FetchPages.FindDataUpdatedAt(pages),
                MeasureGroups = records is FetchRecords<MeasureGroup> groups ? groups.Items : [],
                Series = series,
            };
        }
        catch (JsonException e)
        {
            // Anything wrong with a response body reaches the caller as a WithingsApiException; the inner exception
            // names the field, and the raw body stays in the result.
            var unreadable = new WithingsApiException($"{operation}: Withings sent data the SDK could not read. {e.Message}", operation, isTransient: false, e);
            DataLog.Failed(_logger, operation, request.UserId, nameof(JsonException), new AnswerText(0, null)); // status 0: the envelope said success
            return result with { Error = unreadable };
        }
    }

    // The signal of each recording (Heart v2 get, Stetho v2 get), attached to it; the follow-ups' results go along
    // with the list's.
    private async Task<FetchResult> FetchSignalsAsync<TRecording, TSignal>(
        FetchResult list, FetchRecords<TRecording> recordings, SignalFollowUp<TRecording, TSignal> followUp, string? accessToken, CancellationToken cancellationToken)
    {
        var followUps = new List<FetchResult>();
        var signals = new Dictionary<long, TSignal>();
        foreach (var signalId in recordings.Items.Select(followUp.SignalId).OfType<long>().Distinct())
        {
            var fetched = await RunAsync(followUp.Request(list.Request.UserId, signalId), accessToken, cancellationToken).ConfigureAwait(false);
            followUps.Add(fetched);
            if (fetched.GetRecords<TSignal>() is { Count: 1 } signal)
            {
                signals[signalId] = signal[0];
            }
        }

        var withSignals = recordings.Items
            .Select(r => followUp.SignalId(r) is long id && signals.TryGetValue(id, out var signal) ? followUp.Attach(r, signal) : r)
            .ToList();
        return list with { Records = new FetchRecords<TRecording>(withSignals, followUp.TypeInfo), FollowUps = followUps };
    }

    private async Task<JsonElement> SendPageAsync(FetchRequest page, string operation, TokenSession session, CancellationToken cancellationToken)
    {
        if (page.RequiresSignature)
        {
            // Signed services carry no bearer token; each attempt gets a fresh (single-use) nonce.
            return await _transport.SendAsync(
                async (options, token) => (await _signer.SignAsync(page, options, token).ConfigureAwait(false)).ToHttpRequestMessage(options.ApiBaseAddress),
                operation,
                _options.CurrentValue.ClientSecret,
                cancellationToken).ConfigureAwait(false);
        }

        await session.GetTokenAsync(_tokenProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendWithTokenAsync(page, operation, session, cancellationToken).ConfigureAwait(false);
        }
        catch (WithingsApiException e) when (IsAuthenticationFailure(e) && session.CanRefresh(_tokenProvider))
        {
            DataLog.RefreshingAfterRefusal(_logger, session.UserId!.Value, operation, new AnswerText(e.Status, e.HttpStatus));
            await session.RefreshAsync(_tokenProvider!, cancellationToken).ConfigureAwait(false);
            return await SendWithTokenAsync(page, operation, session, cancellationToken).ConfigureAwait(false);
        }
    }

    // The token is read when the attempt has its permit, not before it queues: a request that waited behind a
    // refresh of its user leaves with the new token instead of spending a permit on the refused one.
    private Task<JsonElement> SendWithTokenAsync(FetchRequest page, string operation, TokenSession session, CancellationToken cancellationToken) =>
        _transport.SendAsync(
            async (options, token) => page.ToHttpRequestMessage(options.ApiBaseAddress, await session.GetCurrentTokenAsync(_tokenProvider, token).ConfigureAwait(false)),
            operation,
            secret: null,
            cancellationToken);

    // Withings answers HTTP 200 with an authentication-failed status; an HTTP 401 means the same.
    private static bool IsAuthenticationFailure(WithingsApiException e) =>
        e.Family == WithingsStatusFamily.AuthenticationFailed || e.HttpStatus == HttpStatusCode.Unauthorized;

    private static string RequireToken(string accessToken) =>
        string.IsNullOrEmpty(accessToken)
            ? throw new ArgumentException("accessToken: required, and must not be empty.", nameof(accessToken))
            : accessToken;

    /// <summary>The token of one request's run: explicit, or the user's from the provider, refreshed at most once.</summary>
    private sealed class TokenSession(long? userId, string? explicitToken)
    {
        private bool _refreshed;
        private string? _lastToken;

        public long? UserId => userId;

        /// <summary>Reads (and, near expiry, refreshes) the token before the request queues for its permit.</summary>
        public async Task<string> GetTokenAsync(IWithingsAccessTokenProvider? provider, CancellationToken cancellationToken) =>
            _lastToken = await ReadTokenAsync(provider, cancellationToken).ConfigureAwait(false);

        /// <summary>The token to send once the permit is there: the one read before, unless a refresh of the user replaced it meanwhile.</summary>
        public async Task<string> GetCurrentTokenAsync(IWithingsAccessTokenProvider? provider, CancellationToken cancellationToken) =>
            _lastToken = explicitToken is null && userId is long user && provider is not null && _lastToken is { } known
                ? await CurrentTokenAsync(provider, user, known, cancellationToken).ConfigureAwait(false)
                : await ReadTokenAsync(provider, cancellationToken).ConfigureAwait(false);

        private Task<string> ReadTokenAsync(IWithingsAccessTokenProvider? provider, CancellationToken cancellationToken)
        {
            if (explicitToken is not null)
            {
                return Task.FromResult(explicitToken);
            }

            if (userId is not long user)
            {
                throw new InvalidOperationException("The request has no user (appli 53 plans leave the choice of user to you): run it with an access token.");
            }

            return provider is null
                ? throw new InvalidOperationException("No IWithingsAccessTokenProvider was given to the WithingsDataClient: run the request with an access token, or register the client with AddWithingsNotifications.")
                : provider.GetAccessTokenAsync(user, cancellationToken);
        }

        // Only the SDK's provider knows the refreshes in flight; with another one the token read last (or refreshed) goes.
        private static Task<string> CurrentTokenAsync(IWithingsAccessTokenProvider provider, long user, string known, CancellationToken cancellationToken) =>
            provider is WithingsAccessTokenProvider sdk
                ? sdk.GetCurrentAccessTokenAsync(user, known, cancellationToken)
                : Task.FromResult(known);

        public bool CanRefresh(IWithingsAccessTokenProvider? provider) =>
            explicitToken is null && userId is not null && provider is not null && !_refreshed;

        // The token Withings refused is the one the last attempt carried.
        public async Task<string> RefreshAsync(IWithingsAccessTokenProvider provider, CancellationToken cancellationToken)
        {
            _refreshed = true;
            return _lastToken = await provider.RefreshAsync(userId!.Value, _lastToken!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How a list's recordings lead to their signals: the id, the request, and where the signal goes.</summary>
    private sealed record SignalFollowUp<TRecording, TSignal>(
        Func<TRecording, long?> SignalId,
        Func<long?, long, FetchRequest> Request,
        Func<TRecording, TSignal, TRecording> Attach,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRecording> TypeInfo);
}
