using System.Net;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Http;

/// <summary>The envelope, the failures and the retries of the HTTP core, over the loopback Withings look-alike.</summary>
public sealed class WithingsHttpTransportTests
{
    private const string Token = "at-7f3c9d1e5b";
    private static readonly KeyValuePair<string, string>[] Form = [new("action", "list")];

    private WithingsLookAlike _api = null!;
    private NetworkFailureHandler _network = null!;
    private HttpClient _http = null!;
    private AutoAdvancingTimeProvider _clock = null!;
    private WithingsOptions _options = null!;
    private WithingsHttpTransport _transport = null!;

    [SetUp]
    public async Task SetUp()
    {
        _api = await WithingsLookAlike.StartAsync();
        _network = new NetworkFailureHandler(_api.CreateHandler());
        _http = new HttpClient(_network);
        _clock = new AutoAdvancingTimeProvider();
        _options = new WithingsOptions { Retry = { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(10) } };
        _transport = new WithingsHttpTransport(_http, () => _options, _clock, jitter: () => 0);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        _network.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task SendAsync_Status0_ReturnsBody()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));

        var body = await Send();

        body.GetRawText().Should().Be("""{"profiles":[]}""");
    }

    [Test]
    public async Task SendAsync_Status0WithoutBody_ReturnsEmptyObject()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0}"""));

        var body = await Send();

        body.GetRawText().Should().Be("{}");
    }

    [Test]
    public async Task SendAsync_Always_PostsFormToBasePlusPathWithBearerToken()
    {
        _options.ApiBaseAddress = new Uri("http://127.0.0.1:5000/withings/");
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _transport.SendAsync("/notify", [new("action", "get"), new("callbackurl", "https://example.com/a b")], Token, "notify/get", CancellationToken.None);

        var request = _api.Requests.Single();
        request.Method.Should().Be("POST");
        request.IntendedUri().Should().Be(new Uri("http://127.0.0.1:5000/withings/notify"));
        request.Headers["Authorization"].Should().Be("Bearer " + Token);
        request.Headers["Content-Type"].Should().Be("application/x-www-form-urlencoded");
        request.Body.Should().Be("action=get&callbackurl=https:%2F%2Fexample.com%2Fa%20b");
    }

    [Test]
    public async Task SendAsync_FormNeedingEscapes_SendsExactlyTheFetchRequestFormString()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));
        var request = new FetchRequest(
            1,
            "/measure",
            [new("action", "getmeas"), new("meastypes", "1,5,6"), new("a b&c=d", "[\"x+y/\u00e9\ud83d\ude00~:\"]"), new("lone", "x\ud800")],
            false);

        await _transport.SendAsync(request.Path, request.Form, Token, "measure/getmeas", CancellationToken.None);

        // One encoder: what a caller reads in ToFormString is the body on the wire, byte for byte.
        var sent = _api.Requests.Single();
        sent.Body.Should().Be(request.ToFormString());
        sent.Body.Should().Be("action=getmeas&meastypes=1,5,6&a%20b%26c%3Dd=%5B%22x%2By%2F%C3%A9%F0%9F%98%80~:%22%5D&lone=x%EF%BF%BD");
        sent.Headers["Content-Type"].Should().Be("application/x-www-form-urlencoded");
    }

    [Test]
    public async Task SendAsync_NullToken_SendsNoAuthorizationHeader()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _transport.SendAsync("notify", Form, null, "notify/list", CancellationToken.None);

        _api.Requests.Single().Headers.Should().NotContainKey("Authorization");
    }

    [Test]
    public async Task SendAsync_OptionsChangeBetweenCalls_UsesTheNewBaseAddress()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));
        await Send();
        _options.ApiBaseAddress = new Uri("https://wbsapi.us.withingsmed.net");

        await Send();

        _api.Requests.Select(r => r.IntendedUri().AbsoluteUri).Should().Equal("https://wbsapi.withings.net/notify", "https://wbsapi.us.withingsmed.net/notify");
    }

    // docs/withings-api.md §3: one status per family, none of them retried, each with the families' advice.
    [TestCase(100, WithingsStatusFamily.AuthenticationFailed, "Withings refused notify/list with status 100 (authentication failed). The access token is invalid or expired: refresh it and try again.")]
    [TestCase(401, WithingsStatusFamily.AuthenticationFailed, "Withings refused notify/list with status 401 (authentication failed). The access token is invalid or expired: refresh it and try again.")]
    [TestCase(293, WithingsStatusFamily.InvalidParams, "Withings refused notify/list with status 293 (invalid params: callback URL absent, invalid, or failed Withings' HEAD check). Use an https URL with a host name (no IP, no localhost), port 80 or 443, at most 255 characters, that answers Withings' HEAD request with HTTP 200.")]
    [TestCase(286, WithingsStatusFamily.InvalidParams, "Withings refused notify/list with status 286 (invalid params: no such subscription). List the user's subscriptions to see what is registered.")]
    [TestCase(214, WithingsStatusFamily.Unauthorized, "Withings refused notify/list with status 214 (unauthorized). Check the scopes the user granted and your application's settings with Withings.")]
    [TestCase(2554, WithingsStatusFamily.NotImplemented, "Withings refused notify/list with status 2554 (not implemented). Withings does not offer this call.")]
    public async Task SendAsync_PermanentStatus_ThrowsAtOnceWithFamilyAndAdvice(int status, WithingsStatusFamily family, string message)
    {
        _api.ReplyInTurn(WithingsReply.Json($$$"""{"status":{{{status}}},"body":{}}"""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Message.Should().Be(message);
        thrown.Which.Status.Should().Be(status);
        thrown.Which.Family.Should().Be(family);
        thrown.Which.IsTransient.Should().BeFalse();
        thrown.Which.Operation.Should().Be("notify/list");
        thrown.Which.HttpStatus.Should().Be(HttpStatusCode.OK);
        thrown.Which.Attempts.Should().Be(1);
        _api.Requests.Should().HaveCount(1);
        _clock.Delays.Should().BeEmpty();
    }

    [Test]
    public async Task SendAsync_ErrorText_IsKeptInMessageAndProperty()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":503,"body":{},"error":"Invalid Params: invalid code"}"""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.WithingsError.Should().Be("Invalid Params: invalid code");
        thrown.Which.Message.Should().Be("Withings refused notify/list with status 503 (invalid params: invalid authorization code or refresh token); Withings said \"Invalid Params: invalid code\". Send the user through the authorization flow again.");
    }

    [Test]
    public async Task SendAsync_Status601TwiceThen0_WaitsRateLimitWaitBeforeEachRetry()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":601}"""), WithingsReply.Json("""{"status":601}"""), WithingsReply.Json("""{"status":0,"body":{"done":true}}"""));

        var body = await Send();

        body.GetProperty("done").GetBoolean().Should().BeTrue();
        _api.Requests.Should().HaveCount(3);
        _clock.Delays.Should().Equal(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task SendAsync_Status601Always_WaitsTheQuotaWithJitterAndStopsAtMaxAttempts()
    {
        _options.Retry.RateLimitWait = TimeSpan.FromSeconds(40);
        var transport = new WithingsHttpTransport(_http, () => _options, _clock, jitter: () => 0.5);
        _api.ReplyInTurn(WithingsReply.Json("""{"status":601,"body":{}}"""));

        var thrown = await FluentActions.Awaiting(() => transport.SendAsync("notify", Form, Token, "notify/list", CancellationToken.None))
            .Should().ThrowAsync<WithingsApiException>();

        _api.Requests.Should().HaveCount(4, "Retry.MaxAttempts is 4");
        _clock.Delays.Should().Equal(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(45));
        thrown.Which.Family.Should().Be(WithingsStatusFamily.TooManyRequests);
        thrown.Which.Message.Should().Be("Withings refused notify/list with status 601 (too many requests: the application exceeded its requests per minute). Withings allows 120 requests per minute per client id: if other processes share it, give this one a smaller RateLimit:PermitsPerMinute; try again later. Gave up after 4 attempts.");
    }

    [Test]
    public async Task SendAsync_Status601WithTheSharedLimiter_HoldsEveryOtherRequestForTheWait()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero));
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions(), clock);
        _options.Retry.MaxAttempts = 1;
        var transport = new WithingsHttpTransport(_http, () => _options, clock, jitter: () => 0, rateLimiter: limiter);
        _api.ReplyInTurn(WithingsReply.Json("""{"status":601,"body":{}}"""), WithingsReply.Json("""{"status":0,"body":{}}"""));
        await FluentActions.Awaiting(() => transport.SendAsync("notify", Form, Token, "notify/list", CancellationToken.None)).Should().ThrowAsync<WithingsApiException>();

        var other = transport.SendAsync("notify", Form, Token, "notify/list", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(59));
        var heldAt59Seconds = other.IsCompleted;
        // Over a real socket a request in flight is not completed either: the limiter's queue tells it is held.
        var queuedAt59Seconds = limiter.GetStatistics()!.CurrentQueuedCount;
        clock.Advance(TimeSpan.FromSeconds(1));
        await other.WaitAsync(TimeSpan.FromMinutes(2));

        heldAt59Seconds.Should().BeFalse("the whole application waits Retry:RateLimitWait after a 601");
        queuedAt59Seconds.Should().Be(1, "the request waits for its permit, it is not on the wire");
        _api.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task SendAsync_TheSharedLimiter_TakesThePermitBeforeBuildingTheRequestAndOnlyOnce()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var limiter = new WithingsRateLimiter(new WithingsRateLimitOptions { PermitsPerMinute = 2, Burst = 1 }, clock);
        using var handler = new RateLimitingHandler(limiter, clock) { InnerHandler = _api.CreateHandler() };
        var transport = new WithingsHttpTransport(new HttpClient(handler), () => _options, clock, rateLimiter: limiter);
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));
        await transport.SendAsync("notify", Form, Token, "notify/list", CancellationToken.None);
        var built = 0;

        var queued = transport.SendAsync(
            (options, _) =>
            {
                built++;
                return Task.FromResult(WithingsHttpTransport.CreateFormPost(options.ApiBaseAddress, "notify", Form, Token));
            },
            "notify/list",
            Token,
            CancellationToken.None);
        var builtWhileQueued = built;
        clock.Advance(TimeSpan.FromSeconds(60));
        await queued.WaitAsync(TimeSpan.FromMinutes(2));

        builtWhileQueued.Should().Be(0, "the request is built once its permit is there, with what is current then");
        limiter.GetStatistics()!.TotalSuccessfulLeases.Should().Be(2, "the handler does not take a second permit for the transport's requests");
        _api.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task SendAsync_Status522Always_SendsExactlyMaxAttemptsRequests()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":522}"""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        _api.Requests.Should().HaveCount(4);
        _clock.Delays.Should().Equal(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40));
        thrown.Which.Family.Should().Be(WithingsStatusFamily.Timeout);
        thrown.Which.IsTransient.Should().BeTrue();
        thrown.Which.Attempts.Should().Be(4);
        thrown.Which.Message.Should().Be("Withings refused notify/list with status 522 (timeout). Try again later; contact Withings if it persists. Gave up after 4 attempts.");
    }

    [Test]
    public async Task SendAsync_MaxAttemptsOne_SendsOneRequest()
    {
        _options.Retry.MaxAttempts = 1;
        _api.ReplyInTurn(WithingsReply.Json("""{"status":601}"""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Family.Should().Be(WithingsStatusFamily.TooManyRequests);
        _api.Requests.Should().HaveCount(1);
    }

    // docs/withings-api.md §3: 524 and "an error occurred" are tried a few times at most (here: 3 attempts) whatever MaxAttempts says.
    [TestCase(524, WithingsStatusFamily.BadState)]
    [TestCase(2556, WithingsStatusFamily.ErrorOccurred)]
    public async Task SendAsync_RetryLimitedStatus_RetriesTwiceAtMost(int status, WithingsStatusFamily family)
    {
        _options.Retry.MaxAttempts = 7;
        _api.ReplyInTurn(WithingsReply.Json($$$"""{"status":{{{status}}}}"""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Family.Should().Be(family);
        _api.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task SendAsync_Http500ThenSuccess_Retries()
    {
        _api.ReplyInTurn(WithingsReply.Http(HttpStatusCode.InternalServerError, "oops"), WithingsReply.Json("""{"status":0,"body":{}}"""));

        await Send();

        _api.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task SendAsync_Http500Always_ThrowsTransportFailureWithHttpStatus()
    {
        _api.ReplyInTurn(WithingsReply.Http(HttpStatusCode.InternalServerError, "oops"));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Status.Should().BeNull();
        thrown.Which.Family.Should().Be(WithingsStatusFamily.Transport);
        thrown.Which.HttpStatus.Should().Be(HttpStatusCode.InternalServerError);
        thrown.Which.IsTransient.Should().BeTrue();
        thrown.Which.Message.Should().Be("notify/list failed: Withings answered HTTP 500 (Internal Server Error) instead of 200. The Withings API is unavailable or overloaded: try again later. Gave up after 4 attempts.");
        _api.Requests.Should().HaveCount(4);
    }

    [TestCase(HttpStatusCode.BadGateway, 4)]
    [TestCase(HttpStatusCode.ServiceUnavailable, 4)]
    [TestCase(HttpStatusCode.GatewayTimeout, 4)]
    [TestCase(HttpStatusCode.TooManyRequests, 4)]
    [TestCase(HttpStatusCode.RequestTimeout, 4)]
    [TestCase(HttpStatusCode.NotImplemented, 1)]
    [TestCase(HttpStatusCode.BadRequest, 1)]
    [TestCase(HttpStatusCode.Unauthorized, 1)]
    public async Task SendAsync_HttpErrorStatus_RetriedOnlyWhenItMayPass(HttpStatusCode status, int requests)
    {
        _api.ReplyInTurn(WithingsReply.Http(status, ""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.HttpStatus.Should().Be(status);
        _api.Requests.Should().HaveCount(requests);
    }

    [Test]
    public async Task SendAsync_Http404_IsNotRetried()
    {
        _api.ReplyInTurn(WithingsReply.Http(HttpStatusCode.NotFound, "<html>Not found</html>"));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.IsTransient.Should().BeFalse();
        thrown.Which.Message.Should().Be("notify/list failed: Withings answered HTTP 404 (Not Found) instead of 200. Check WithingsOptions.ApiBaseAddress and the request.");
        _api.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task SendAsync_HtmlInsteadOfJsonAlways_IsRetriedWithinTheBudgetThenThrowsNotJson()
    {
        _api.ReplyInTurn(WithingsReply.Http(HttpStatusCode.OK, "<html><body>Maintenance</body></html>"));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Status.Should().BeNull();
        thrown.Which.Family.Should().Be(WithingsStatusFamily.Transport);
        thrown.Which.IsTransient.Should().BeTrue();
        thrown.Which.Message.Should().StartWith("notify/list failed: the response is not JSON (Content-Type text/plain, 37 bytes).");
        _api.Requests.Should().HaveCount(4, "every attempt of the retry budget is spent");
    }

    [Test]
    public async Task SendAsync_TruncatedJsonThenTheAnswer_RetriesAndReturnsTheBody()
    {
        // An answer cut short (a dropped connection, a proxy) is not JSON; the same request a moment later is.
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{"profiles":[{"appli":44,"""), WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));

        var body = await Send();

        body.GetRawText().Should().Be("""{"profiles":[]}""");
        _api.Requests.Should().HaveCount(2);
    }

    [TestCase("""{"body":{}}""")]
    [TestCase("""{"status":"ok"}""")]
    [TestCase("""[0]""")]
    public async Task SendAsync_JsonWithoutIntegerStatus_ThrowsNotAnEnvelope(string json)
    {
        _api.ReplyInTurn(WithingsReply.Json(json));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Message.Should().StartWith("notify/list failed: the response is JSON but not a Withings envelope");
    }

    [Test]
    public async Task SendAsync_StatusAsNumericString_IsRead()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":"293"}"""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Status.Should().Be(293);
    }

    [Test]
    public async Task SendAsync_TimeoutThenSuccess_Retries()
    {
        _network.FailOnce(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException()));
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await Send();

        _network.Failed.Should().Be(1);
        _api.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task SendAsync_TimeoutAlways_ThrowsTransientTimeout()
    {
        _network.FailAlways(new TaskCanceledException("timeout", new TimeoutException()));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.Status.Should().BeNull();
        thrown.Which.IsTransient.Should().BeTrue();
        thrown.Which.InnerException.Should().BeOfType<TaskCanceledException>();
        thrown.Which.Message.Should().Be("notify/list failed: no response within the HTTP timeout. Try again later, or raise the HttpClient timeout. Gave up after 4 attempts.");
    }

    [Test]
    public async Task SendAsync_NetworkErrorAlways_ThrowsTransientNetworkFailure()
    {
        _network.FailAlways(new HttpRequestException("Connection refused (127.0.0.1:9)"));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.IsTransient.Should().BeTrue();
        thrown.Which.Message.Should().Be("notify/list failed: network error (Connection refused (127.0.0.1:9)). Check the network and WithingsOptions.ApiBaseAddress, then try again. Gave up after 4 attempts.");
        _network.Failed.Should().Be(4);
        _api.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task SendAsync_AlreadyCancelled_ThrowsWithoutSending()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => _transport.SendAsync("notify", Form, Token, "notify/list", cancellation.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        _api.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task SendAsync_CancelledWhileWaitingToRetry_ThrowsCancellationAndStopsRetrying()
    {
        using var cancellation = new CancellationTokenSource();
        var stoppedClock = new WaitSignallingClock();
        var transport = new WithingsHttpTransport(_http, () => _options, stoppedClock, jitter: () => 0);
        _api.ReplyInTurn(WithingsReply.Json("""{"status":601}"""));

        var call = transport.SendAsync("notify", Form, Token, "notify/list", cancellation.Token);
        // The reply comes over a real socket: cancel only once the transport sits in its wait before the retry.
        await stoppedClock.Waiting.WaitAsync(TimeSpan.FromMinutes(2));
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        _api.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task SendAsync_WithingsErrorEchoingToken_RedactsItFromMessage()
    {
        _api.ReplyInTurn(WithingsReply.Json($$"""{"status":401,"error":"invalid_token {{Token}}"}"""));

        var thrown = await FluentActions.Awaiting(Send).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.ToString().Should().NotContain(Token);
        thrown.Which.WithingsError.Should().Be("invalid_token ***");
    }

    [Test]
    public async Task SendAsync_RequestFactory_BuildsAFreshRequestPerAttemptFromCurrentOptions()
    {
        _options.ApiBaseAddress = new Uri("https://wbsapi.us.withingsmed.net");
        _api.ReplyInTurn(WithingsReply.Json("""{"status":601}"""), WithingsReply.Json("""{"status":0,"body":{"ok":1}}"""));
        var built = new List<HttpRequestMessage>();

        var body = await _transport.SendAsync(
            (options, _) =>
            {
                var request = WithingsHttpTransport.CreateFormPost(options.ApiBaseAddress, "/v2/answers", [new("action", "get"), new("nonce", "n" + built.Count)], null);
                built.Add(request);
                return Task.FromResult(request);
            },
            "answers/get",
            null,
            CancellationToken.None);

        body.GetProperty("ok").GetInt32().Should().Be(1);
        built.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        _api.Requests.Select(r => r.IntendedUri().AbsoluteUri + " " + r.Body).Should().Equal(
            "https://wbsapi.us.withingsmed.net/v2/answers action=get&nonce=n0",
            "https://wbsapi.us.withingsmed.net/v2/answers action=get&nonce=n1");
    }

    /// <summary>A clock that never moves on its own and tells when someone starts waiting on it.</summary>
    private sealed class WaitSignallingClock : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Waiting => _waiting.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                _waiting.TrySetResult();
            }

            return timer;
        }
    }

    private Task<System.Text.Json.JsonElement> Send() => _transport.SendAsync("notify", Form, Token, "notify/list", CancellationToken.None);
}
