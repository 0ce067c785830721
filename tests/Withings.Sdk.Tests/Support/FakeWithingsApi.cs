using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// A Withings API double on RichardSzalay.MockHttp: answers each request with the next queued reply (the last one
/// repeats) and records every request as it went over the wire.
/// </summary>
public sealed class FakeWithingsApi : IDisposable
{
    private readonly MockHttpMessageHandler _handler = new();
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _replies = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly object _gate = new();
    private Func<HttpRequestMessage, HttpResponseMessage>? _last;

    public FakeWithingsApi()
    {
        // Synchronous on purpose: MockHttp 7.1 never completes a request whose reply is a faulted task (it reads the
        // task's result first), so a reply that throws must throw synchronously to surface as a network error.
        _handler.Fallback.Respond(request =>
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult();
            Func<HttpRequestMessage, HttpResponseMessage> reply;
            lock (_gate)
            {
                _requests.Add(new RecordedRequest(
                    request.Method,
                    request.RequestUri!,
                    request.Headers.Authorization?.ToString(),
                    request.Content?.Headers.ContentType?.ToString(),
                    body));
                reply = _replies.Count > 0 ? _last = _replies.Dequeue() : _last ?? throw new InvalidOperationException("no reply queued");
            }

            return reply(request);
        });
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The handler, to plug in as an <see cref="IHttpClientFactory"/> client's primary handler.</summary>
    public HttpMessageHandler Handler => _handler;

    public HttpClient CreateClient() => _handler.ToHttpClient();

    /// <summary>Queues a JSON reply with HTTP 200, the way Withings answers even its refusals.</summary>
    public FakeWithingsApi ReplyJson(string json) => Reply(HttpStatusCode.OK, json, "application/json");

    public FakeWithingsApi Reply(HttpStatusCode status, string content, string mediaType) =>
        Reply(_ => new HttpResponseMessage(status) { Content = new StringContent(content, Encoding.UTF8, mediaType) });

    public FakeWithingsApi Throw(Exception exception) => Reply(_ => throw exception);

    public FakeWithingsApi Reply(Func<HttpRequestMessage, HttpResponseMessage> reply)
    {
        lock (_gate)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    public void Dispose() => _handler.Dispose();
}

/// <summary>One request as the server saw it.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string? Body);
