using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) that answers like Withings: each POST gets the next queued
/// JSON envelope (the last one repeats) and is recorded with its headers and raw body.
/// </summary>
public sealed class LoopbackWithingsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private string? _last;

    private LoopbackWithingsServer(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<LoopbackWithingsServer> StartAsync(params string[] replies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackWithingsServer(app);
        foreach (var reply in replies)
        {
            server._replies.Enqueue(reply);
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
        _requests.Enqueue(new RecordedRequest(
            new HttpMethod(context.Request.Method),
            new Uri(context.Request.GetEncodedUrl()),
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType,
            body));
        var reply = _replies.TryDequeue(out var next) ? _last = next : _last ?? """{"status":0,"body":{}}""";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply, context.RequestAborted);
    }
}
