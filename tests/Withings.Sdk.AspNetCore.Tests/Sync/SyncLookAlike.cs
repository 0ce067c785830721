using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// A Withings API look-alike on 127.0.0.1 (Kestrel, random port) for every service the planner asks for: HTTP 200
/// and Withings' envelope, one page, a measure group dated at the window's start for getmeas (with the user's
/// <c>timezone</c>), empty series elsewhere. Each request is recorded with the instant of <see cref="Clock"/> it
/// arrived at; <see cref="Fail"/> makes chosen requests answer a Withings error status.
/// </summary>
internal sealed class SyncLookAlike : IAsyncDisposable
{
    public const string TimeZone = "Europe/Paris";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();

    private SyncLookAlike(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    public TimeProvider Clock { get; }

    public Uri BaseAddress => new(_app.Urls.First());

    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>Given a call, the Withings status to answer instead of data; null answers data.</summary>
    public Func<Call, int?> Fail { get; set; } = _ => null;

    public static async Task<SyncLookAlike> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var lookAlike = new SyncLookAlike(app, clock ?? TimeProvider.System);
        app.Run(lookAlike.AnswerAsync);
        await app.StartAsync();
        return lookAlike;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var call = new Call(
            Clock.GetUtcNow(),
            context.Request.Path.Value ?? "/",
            form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal),
            context.Request.Headers.Authorization.ToString());
        _calls.Enqueue(call);
        context.Response.ContentType = "application/json";
        var status = Fail(call);
        await context.Response.WriteAsync(status is { } error
            ? $$"""{"status":{{error}},"error":"look-alike failure"}"""
            : Answer(call), context.RequestAborted);
    }

    private static string Answer(Call call) => (call.Path, call.Action) switch
    {
        ("/measure", "getmeas") => $$$"""
            {"status":0,"body":{"updatetime":1709400000,"timezone":"{{{TimeZone}}}","measuregrps":[{"grpid":{{{call.Start}}},"attrib":0,"date":{{{call.Start}}},"created":{{{call.Start}}},"modified":{{{call.Start}}},"category":1,"deviceid":"892359876fd8805ac45bab078c4828692f0276b1","measures":[{"value":7200,"type":1,"unit":-2}]}],"more":0,"offset":0}}
            """,
        ("/v2/measure", "getintradayactivity") => """{"status":0,"body":{"series":{}}}""",
        ("/v2/measure", "getactivity") => """{"status":0,"body":{"activities":[],"more":false,"offset":0}}""",
        (_, "get") when call.Path == "/v2/sleep" => """{"status":0,"body":{"series":[]}}""",
        _ => """{"status":0,"body":{"series":[],"more":false,"offset":0}}""",
    };

    /// <summary>One request as the look-alike received it.</summary>
    public sealed record Call(DateTimeOffset At, string Path, IReadOnlyDictionary<string, string> Form, string Authorization)
    {
        public string Action => Form.GetValueOrDefault("action") ?? string.Empty;

        public string? Token => Authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? Authorization[7..] : null;

        public long Start => Form.TryGetValue("startdate", out var start) ? long.Parse(start, CultureInfo.InvariantCulture)
            : Form.TryGetValue("lastupdate", out var since) ? long.Parse(since, CultureInfo.InvariantCulture) : 0;
    }
}
