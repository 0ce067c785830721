using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// A Withings API double on RichardSzalay.MockHttp that answers by path: each path replies with its queued answers
/// in order (the last one repeats). Every call is recorded as it went over the wire, form decoded.
/// </summary>
public sealed class RoutedWithingsApi : IDisposable
{
    private readonly MockHttpMessageHandler _handler = new();
    private readonly Dictionary<string, Queue<Func<ApiCall, Task<string>>>> _replies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<ApiCall, Task<string>>> _last = new(StringComparer.Ordinal);
    private readonly List<ApiCall> _calls = [];
    private readonly object _gate = new();

    public RoutedWithingsApi()
    {
        _handler.Fallback.Respond(async request =>
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync();
            var call = new ApiCall(request.RequestUri!.AbsolutePath, body, ApiCall.DecodeForm(body), request.Headers.Authorization?.Parameter);
            Func<ApiCall, Task<string>> reply;
            lock (_gate)
            {
                _calls.Add(call);
                if (_replies.TryGetValue(call.Path, out var queue) && queue.Count > 0)
                {
                    reply = _last[call.Path] = queue.Dequeue();
                }
                else if (!_last.TryGetValue(call.Path, out reply!))
                {
                    return new HttpResponseMessage(HttpStatusCode.NotFound);
                }
            }

            var json = await reply(call);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        });
    }

    public IReadOnlyList<ApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<ApiCall> CallsTo(string path) => Calls.Where(c => c.Path == path).ToList();

    /// <summary>Queues JSON answers for a path.</summary>
    public RoutedWithingsApi On(string path, params string[] json)
    {
        foreach (var text in json)
        {
            On(path, _ => Task.FromResult(text));
        }

        return this;
    }

    /// <summary>Queues a computed answer for a path.</summary>
    public RoutedWithingsApi On(string path, Func<ApiCall, Task<string>> reply)
    {
        lock (_gate)
        {
            if (!_replies.TryGetValue(path, out var queue))
            {
                _replies[path] = queue = new Queue<Func<ApiCall, Task<string>>>();
            }

            queue.Enqueue(reply);
        }

        return this;
    }

    public MockHttpMessageHandler Handler => _handler;

    public HttpClient CreateClient() => _handler.ToHttpClient();

    public void Dispose() => _handler.Dispose();
}

/// <summary>One request as the server saw it: path, raw form body, decoded fields, bearer token.</summary>
public sealed record ApiCall(string Path, string Body, IReadOnlyDictionary<string, string> Form, string? BearerToken)
{
    public static IReadOnlyDictionary<string, string> DecodeForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            form[name] = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return form;
    }
}
