using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// A look-alike of the Withings API on a real loopback socket (HttpListener): every request is answered by
/// <c>reply</c> from its path, decoded form and bearer token, with HTTP 200 and a JSON envelope, as Withings does.
/// </summary>
public sealed class LoopbackWithingsLookalike : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<ApiCall, string> _reply;
    private readonly Task _loop;
    private readonly List<ApiCall> _calls = [];

    public LoopbackWithingsLookalike(Func<ApiCall, string> reply)
    {
        _reply = reply;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<ApiCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var authorization = context.Request.Headers["Authorization"];
            var call = new ApiCall(
                context.Request.Url!.AbsolutePath,
                body,
                ApiCall.DecodeForm(body),
                authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : null);
            lock (_calls)
            {
                _calls.Add(call);
            }

            var json = Encoding.UTF8.GetBytes(_reply(call));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = json.Length;
            await context.Response.OutputStream.WriteAsync(json);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
