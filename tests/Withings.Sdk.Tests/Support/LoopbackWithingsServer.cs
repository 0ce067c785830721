using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) that answers like Withings, with HTTP 200 and a JSON
/// envelope: either the next queued reply (the last one repeats) or one computed from the request. Every request is
/// recorded with its headers and raw body.
/// </summary>
public sealed class LoopbackWithingsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Func<ApiCall, string>? _reply;
    private string? _last;

    private LoopbackWithingsServer(WebApplication app, Func<ApiCall, string>? reply)
    {
        _app = app;
        _reply = reply;
    }

    public Uri BaseAddress => new(_app.Urls.First());

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The requests as the API saw them: path, form fields, bearer token.</summary>
    public IReadOnlyList<ApiCall> Calls => [.. _requests.Select(ToCall)];

    public static Task<LoopbackWithingsServer> StartAsync(params string[] replies) => StartAsync(null, replies);

    public static Task<LoopbackWithingsServer> StartAsync(Func<ApiCall, string> reply) => StartAsync(reply, []);

    private static async Task<LoopbackWithingsServer> StartAsync(Func<ApiCall, string>? reply, string[] replies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackWithingsServer(app, reply);
        foreach (var queued in replies)
        {
            server._replies.Enqueue(queued);
        }

        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            new HttpMethod(context.Request.Method),
            new Uri(context.Request.GetEncodedUrl()),
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType,
            body);
        _requests.Enqueue(request);
        var reply = _reply is not null
            ? _reply(ToCall(request))
            : _replies.TryDequeue(out var next) ? _last = next : _last ?? """{"status":0,"body":{}}""";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply, context.RequestAborted);
    }

    private static ApiCall ToCall(RecordedRequest request)
    {
        var body = request.Body ?? string.Empty;
        var authorization = request.Authorization;
        return new ApiCall(
            request.Uri.AbsolutePath,
            body,
            ApiCall.DecodeForm(body),
            authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : null);
    }
}
