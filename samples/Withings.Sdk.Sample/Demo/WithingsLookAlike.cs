using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.Sample.Demo;

/// <summary>
/// A small Withings API look-alike for the offline demo: Kestrel on 127.0.0.1 with a port the system picks, answering
/// like wbsapi.withings.net (HTTP 200 and <c>{"status":…,"body":{…}}</c>, docs/withings-api.md §2) for <c>/notify</c>
/// (<see cref="LookAlikeNotify"/>) and <c>/measure</c> getmeas (<see cref="LookAlikeMeasures"/>). Every other service
/// answers status 2554 ("not implemented", docs/withings-api.md §3). It wants a bearer token, of any value, as Withings does.
/// </summary>
internal sealed class WithingsLookAlike : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LookAlikeNotify _notify = new();
    private readonly List<string> _calls = [];

    private WithingsLookAlike(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>For example <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every call received, as <c>/path action</c>, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public static async Task<WithingsLookAlike> StartAsync(CancellationToken cancellationToken = default)
    {
        // Empty: no configuration, logging or file watching from the environment; the demo's output is the demo's.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        WithingsLookAlike? lookAlike = null;
        app.MapPost("/{**path}", (HttpRequest request) => lookAlike!.AnswerAsync(request));
        await app.StartAsync(cancellationToken);
        lookAlike = new WithingsLookAlike(app, new Uri(app.Urls.Single()));
        return lookAlike;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> AnswerAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : FormCollection.Empty;
        var path = request.Path.Value ?? "/";
        var action = (string?)form["action"] ?? string.Empty;
        lock (_calls)
        {
            _calls.Add($"{path} {action}");
        }

        if (!request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Envelope.Error(401, "Authentication failed: no bearer token");
        }

        return path switch
        {
            "/notify" => _notify.Answer(action, form),
            "/measure" when action == "getmeas" => LookAlikeMeasures.GetMeas(form),
            _ => Envelope.Error(2554, $"the look-alike does not implement {path} action={action}"),
        };
    }
}
