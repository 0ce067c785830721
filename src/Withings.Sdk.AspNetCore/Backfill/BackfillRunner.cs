using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Runs the backfills, one request at a time across every user (round robin, one request per user's turn), each of
/// its HTTP requests behind the <see cref="BackfillGate"/>: a request is read to its last page, handed to the data
/// handler, and only then is the job's progress recorded, so that a crash sends again the request in hand and none
/// before it. At start it goes on with the unfinished jobs of the store.
/// </summary>
internal sealed class BackfillRunner : BackgroundService
{
    private readonly IWithingsBackfillStore _store;
    private readonly BackfillGate _gate;
    private readonly IServiceProvider _services;
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptionsMonitor<WithingsSyncOptions> _syncOptions;
    private readonly IOptions<WithingsReceiverOptions> _receiverOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly BackfillMetrics _metrics;
    private readonly SemaphoreSlim _wake = new(0);

    // The unfinished jobs by user, and whose turn comes next; a user appears at most once in the turns.
    private readonly Dictionary<long, WithingsBackfillJob> _jobs = [];
    private readonly LinkedList<long> _turns = new();

    public BackfillRunner(
        IWithingsBackfillStore store,
        BackfillGate gate,
        IServiceProvider services,
        IServiceScopeFactory scopes,
        IMeterFactory meterFactory,
        IOptionsMonitor<WithingsSyncOptions> syncOptions,
        IOptions<WithingsReceiverOptions> receiverOptions,
        TimeProvider timeProvider,
        ILogger<BackfillRunner> logger)
    {
        _store = store;
        _gate = gate;
        _services = services;
        _scopes = scopes;
        _syncOptions = syncOptions;
        _receiverOptions = receiverOptions;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = new BackfillMetrics(meterFactory, () => Remaining);
    }

    /// <summary>Requests still to send over the unfinished jobs this process runs.</summary>
    public int Remaining
    {
        get
        {
            lock (_jobs)
            {
                return _jobs.Values.Sum(j => j.Requests.Count - j.Next);
            }
        }
    }

    /// <summary>Takes in a job just stored (a new backfill replaces the user's job in hand).</summary>
    public void Add(WithingsBackfillJob job)
    {
        lock (_jobs)
        {
            _jobs[job.UserId] = job;
            if (!_turns.Contains(job.UserId))
            {
                _turns.AddLast(job.UserId);
            }
        }

        _wake.Release();
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (TakeTurn() is not { } job)
            {
                await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await RunTurnAsync(job, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // The store failing to read a changed job, say: never a stopped host; the job keeps its turn.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                BackfillLog.StoreFailed(_logger, exception, "turn");
                lock (_jobs)
                {
                    if (_jobs.ContainsKey(job.UserId) && !_turns.Contains(job.UserId))
                    {
                        _turns.AddLast(job.UserId);
                    }
                }

                await Task.Delay(Backoff.After(1, _syncOptions.CurrentValue.Retry), _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ResumeAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<WithingsBackfillJob> unfinished;
        try
        {
            unfinished = await _store.ListUnfinishedAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A store that cannot be read now: the new backfills still run; the old ones on the next start.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            BackfillLog.StoreFailed(_logger, exception, "resume");
            return;
        }

        foreach (var job in unfinished)
        {
            lock (_jobs)
            {
                // A backfill asked for while the store was read is newer than the stored one it replaced.
                if (!_jobs.ContainsKey(job.UserId))
                {
                    _jobs[job.UserId] = job;
                    _turns.AddLast(job.UserId);
                }
            }
        }

        if (unfinished.Count > 0)
        {
            var left = unfinished.Sum(j => j.Requests.Count - j.Next);
            BackfillLog.Resumed(_logger, unfinished.Count, left);
        }
    }

    private WithingsBackfillJob? TakeTurn()
    {
        lock (_jobs)
        {
            while (_turns.First is { } first)
            {
                _turns.RemoveFirst();
                if (_jobs.TryGetValue(first.Value, out var job))
                {
                    return job;
                }
            }

            return null;
        }
    }

    private async Task RunTurnAsync(WithingsBackfillJob job, CancellationToken stoppingToken)
    {
        var advanced = job;
        if (job.Next < job.Requests.Count)
        {
            var request = job.Requests[job.Next];
            var result = await FetchAsync(request, stoppingToken).ConfigureAwait(false);
            var handled = await HandleAsync(job.UserId, request, result, stoppingToken).ConfigureAwait(false);
            var failed = result.IsSuccess && handled ? 0 : 1;
            advanced = job with { Next = job.Next + 1, Failed = job.Failed + failed };
            if (!result.IsSuccess)
            {
                BackfillLog.RequestFailed(_logger, job.UserId, request.Path, request.Action, result.Error!.GetType().Name);
                if (IsAuthorizationLost(request, result.Error!) && advanced.Next < job.Requests.Count)
                {
                    // Every other request of this user would be refused the same way: each would spend a permit.
                    var left = job.Requests.Count - advanced.Next;
                    BackfillLog.Abandoned(_logger, job.UserId, left);
                    advanced = advanced with { Next = job.Requests.Count, Failed = advanced.Failed + left };
                }
            }

            if (!await RecordAsync(advanced, job.Next, stoppingToken).ConfigureAwait(false))
            {
                return;
            }

            _metrics.Done(advanced.Next - job.Next, advanced.Failed - job.Failed);
            await NotifyAsync(static (l, p, t) => l.OnProgressAsync(p, t), advanced.ToProgress(), stoppingToken).ConfigureAwait(false);
        }

        lock (_jobs)
        {
            if (!_jobs.TryGetValue(job.UserId, out var current) || current != job)
            {
                // A new backfill of this user arrived meanwhile: it has its own turn.
                return;
            }

            if (advanced.Next < advanced.Requests.Count)
            {
                _jobs[job.UserId] = advanced;
                _turns.AddLast(job.UserId);
                return;
            }

            _jobs.Remove(job.UserId);
        }

        BackfillLog.Finished(_logger, advanced.UserId, advanced.Next, advanced.Failed);
        _metrics.UserFinished();
        await NotifyAsync(static (l, p, t) => l.OnUserFinishedAsync(p, t), advanced.ToProgress(), stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the request and reads it to its last page, each page (and each retry of the SDK) behind the gate; what
    /// fails transiently is sent again after the sync engine's retry delay, up to its <c>MaxAttempts</c>, from the last
    /// page read.
    /// </summary>
    private async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken stoppingToken)
    {
        var options = _syncOptions.CurrentValue;
        var handlers = _services.GetRequiredService<System.Net.Http.IHttpMessageHandlerFactory>();
        using var http = new HttpClient(new BackfillGateHandler(_gate, _timeProvider) { InnerHandler = handlers.CreateHandler(WithingsBuilder.HttpClientName) })
        {
            // The gate's wait is not timed; BackfillGateHandler times each request once it leaves the gate.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var client = new WithingsDataClient(
            http,
            _services.GetRequiredService<IOptionsMonitor<WithingsOptions>>(),
            _services.GetRequiredService<IWithingsAccessTokenProvider>(),
            _timeProvider,
            _services.GetService<ILogger<WithingsDataClient>>());
        FetchResult? result = null;
        for (var attempt = 1; ; attempt++)
        {
            var next = result is null
                ? (await client.ExecuteAsync(new FetchPlan([request]), stoppingToken).ConfigureAwait(false))[0]
                : await client.ContinueAsync(result, stoppingToken).ConfigureAwait(false);
            if (next.Error is { } fetchError && WithingsErrors.IsTransient(fetchError) && attempt < options.Retry.MaxAttempts)
            {
                var delay = Backoff.After(attempt, options.Retry);
                BackfillLog.FetchRetrying(_logger, 1, attempt, options.Retry.MaxAttempts, delay);
                await Task.Delay(delay, _timeProvider, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (!next.IsSuccess || next.NextOffset is null)
            {
                return next;
            }

            // Pages left past Fetch:MaxPages: read on from Withings' offset, a fresh set of attempts for each step.
            result = next;
            attempt = 0;
        }
    }

    private async Task<bool> HandleAsync(long userId, FetchRequest request, FetchResult result, CancellationToken stoppingToken)
    {
        var options = _syncOptions.CurrentValue;
        var handlerTimeout = _receiverOptions.Value.HandlerTimeout;
        var data = new WithingsUserData(
            userId,
            [],
            new FetchPlan([request]),
            result.IsSuccess ? [result] : [],
            result.IsSuccess ? [] : [result]);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var scope = _scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    using var timeout = handlerTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(handlerTimeout, _timeProvider);
                    using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                    var token = linked?.Token ?? stoppingToken;
                    try
                    {
                        await scope.ServiceProvider.GetRequiredService<IWithingsDataHandler>().HandleAsync(data, token).WaitAsync(token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !stoppingToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"The data handler did not finish within HandlerTimeout ({handlerTimeout}).");
                    }
                }

                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // User code: retried, then the request counts as failed; the backfill goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (attempt >= options.Retry.MaxAttempts)
                {
                    BackfillLog.HandlerGaveUp(_logger, exception, attempt);
                    return false;
                }

                var delay = Backoff.After(attempt, options.Retry);
                BackfillLog.HandlerRetrying(_logger, exception, attempt, options.Retry.MaxAttempts, delay);
                await Task.Delay(delay, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records the progress; when the stored job changed meanwhile, goes on from what is stored instead.</summary>
    /// <returns>Whether the progress was recorded (or could not be written, and goes on in memory).</returns>
    private async Task<bool> RecordAsync(WithingsBackfillJob advanced, int expectedNext, CancellationToken stoppingToken)
    {
        try
        {
            if (await _store.AdvanceAsync(advanced, expectedNext, stoppingToken).ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A store that failed: the progress goes on in memory; after a restart these requests are sent again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            BackfillLog.StoreFailed(_logger, exception, "progress");
            return true;
        }

        BackfillLog.JobChanged(_logger, advanced.UserId);
        var stored = await _store.GetAsync(advanced.UserId, stoppingToken).ConfigureAwait(false);
        lock (_jobs)
        {
            _jobs.Remove(advanced.UserId);
            _turns.Remove(advanced.UserId);
            if (stored is not null && stored.Next < stored.Requests.Count)
            {
                _jobs[stored.UserId] = stored;
                _turns.AddLast(stored.UserId);
            }
        }

        return false;
    }

    private async Task NotifyAsync(Func<IWithingsBackfillListener, WithingsBackfillProgress, CancellationToken, Task> call, WithingsBackfillProgress progress, CancellationToken stoppingToken)
    {
        foreach (var listener in _services.GetServices<IWithingsBackfillListener>())
        {
            try
            {
                await call(listener, progress, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A listener is user code: logged, never stops the backfill.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                BackfillLog.ListenerFailed(_logger, exception);
            }
        }
    }

    // No token for the user (unlinked, forgotten: the data client's InvalidOperationException for a request that needs
    // one), or Withings refused it even after a refresh.
    private static bool IsAuthorizationLost(FetchRequest request, Exception error) =>
        (error is InvalidOperationException && !request.RequiresSignature) || error is WithingsApiException { Family: WithingsStatusFamily.AuthenticationFailed };
}
