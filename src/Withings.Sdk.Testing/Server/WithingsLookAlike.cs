using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Withings.Sdk.Testing.Services;

namespace Withings.Sdk.Testing;

/// <summary>
/// A Withings API look-alike for tests: a real HTTP server (Kestrel on 127.0.0.1, a port the system picks) that answers
/// like <c>wbsapi.withings.net</c>, HTTP 200 and <c>{"status":N,"body":{…}}</c>. Point the SDK (or any client) at
/// <see cref="BaseAddress"/> and nothing leaves the machine.
/// </summary>
/// <remarks>
/// <para>Out of the box it plays an account: Notify (subscribe, get, list, update, revoke) keeps subscriptions per
/// user; Measure <c>getmeas</c> serves two measure groups (a body composition on 2018-07-03 and a blood pressure on
/// 2024-03-01); the v2 services (activity, intraday, workouts, sleep, heart, stetho, user) answer their shape, empty;
/// OAuth <c>requesttoken</c> exchanges codes and refresh tokens; <c>signature getnonce</c> hands out nonces, and signed
/// calls (OAuth revoke, appli 53's subscribe) are checked with Withings' algorithm. Anything else answers status 2554,
/// "not implemented".</para>
/// <para>It also plays Withings' authorization page (<see cref="AuthorizeEndpoint"/>): a browser sent there is
/// redirected back at once, as if the user had signed in and consented, with a code <c>requesttoken</c> accepts once
/// within 30 seconds.</para>
/// <para>Scripted replies come first: <see cref="Enqueue"/> queues replies (or Withings statuses) for a path and
/// action, answered once each in order; <see cref="Map(string, string?, Func{WithingsRequest, WithingsReply?})"/>
/// computes them. <see cref="Requests"/> logs every request for assertions.</para>
/// </remarks>
public sealed class WithingsLookAlike : IAsyncDisposable
{
    private const string AuthorizePath = OAuthService.AuthorizePath;

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<WithingsRequest> _requests = [];
    private readonly List<(string Path, string? Action, Queue<WithingsReply> Replies)> _queued = [];
    private readonly List<(string? Path, string? Action, Func<WithingsRequest, WithingsReply?> Reply)> _mapped = [];
    private readonly OAuthService _oauth;
    private readonly NotifyService _notify = new();

    private WithingsLookAlike(WebApplication app, WithingsLookAlikeOptions options)
    {
        _app = app;
        Options = options;
        _oauth = new OAuthService(options);
    }

    /// <summary>Where the look-alike answers, for example <c>http://127.0.0.1:41234/</c>: the SDK's <c>ApiBaseAddress</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// The look-alike's authorization page, for the SDK's <c>Withings:OAuth:AuthorizeEndpoint</c>: a <c>GET</c> with
    /// <c>response_type=code</c>, this look-alike's <c>client_id</c>, <c>scope</c>, <c>redirect_uri</c> and <c>state</c>
    /// answers <c>302</c> to <c>redirect_uri?code=…&amp;state=…</c> for <see cref="WithingsLookAlikeOptions.DefaultUserId"/>
    /// (<see cref="WithingsLookAlikeOptions.DemoUserId"/> with <c>mode=demo</c>). The code works once, within 30
    /// seconds, with the same <c>redirect_uri</c>; the token's scope is the scope asked for. A request Withings would
    /// not redirect (another client id, no redirect URI) gets <c>400</c> and a line saying why.
    /// </summary>
    public Uri AuthorizeEndpoint => new(BaseAddress, AuthorizePath.TrimStart('/'));

    /// <summary>The options it runs with.</summary>
    public WithingsLookAlikeOptions Options { get; }

    /// <summary>Every request received so far, in the order they arrived.</summary>
    public IReadOnlyList<WithingsRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every nonce <c>getnonce</c> handed out, in order.</summary>
    public IReadOnlyList<string> IssuedNonces
    {
        get
        {
            lock (_gate)
            {
                return _oauth.IssuedNonces;
            }
        }
    }

    /// <summary>Every subscription held, of every user.</summary>
    public IReadOnlyList<LookAlikeSubscription> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return _notify.All;
            }
        }
    }

    /// <summary>The subscriptions of one user, in the order they were made.</summary>
    /// <param name="userId">The user; 0 for the application-wide appli 53 subscription.</param>
    /// <returns>The user's subscriptions.</returns>
    public IReadOnlyList<LookAlikeSubscription> SubscriptionsOf(long userId)
    {
        lock (_gate)
        {
            return [.. _notify.All.Where(s => s.UserId == userId)];
        }
    }

    /// <summary>Starts a look-alike with the default options: any bearer token works.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running look-alike; dispose it to stop it.</returns>
    public static Task<WithingsLookAlike> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new WithingsLookAlikeOptions(), cancellationToken);

    /// <summary>Starts a look-alike.</summary>
    /// <param name="options">The application it knows and how strict it is about tokens.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running look-alike; dispose it to stop it.</returns>
    public static async Task<WithingsLookAlike> StartAsync(WithingsLookAlikeOptions options, CancellationToken cancellationToken = default)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        // Empty: no configuration, logging or file watching from the environment; a test's output stays the test's.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var lookAlike = new WithingsLookAlike(app, options);
        app.Run(lookAlike.AnswerAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        lookAlike.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return lookAlike;
    }

    /// <summary>
    /// Queues replies for a path and action: the next matching requests get them, one each, in order; afterwards the
    /// look-alike answers as before.
    /// </summary>
    /// <param name="path">The path, for example <c>/measure</c>.</param>
    /// <param name="action">The <c>action</c> field, for example <c>getmeas</c>; <see langword="null"/> for any.</param>
    /// <param name="replies">The replies, for example <c>WithingsReply.Status(601)</c>.</param>
    public void Enqueue(string path, string? action, params WithingsReply[] replies)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (replies is null || Array.IndexOf(replies, null) >= 0)
        {
            throw new ArgumentNullException(nameof(replies));
        }

        lock (_gate)
        {
            var entry = _queued.Find(q => q.Path == path && q.Action == action);
            if (entry.Replies is null)
            {
                entry = (path, action, new Queue<WithingsReply>());
                _queued.Add(entry);
            }

            foreach (var reply in replies)
            {
                entry.Replies.Enqueue(reply);
            }
        }
    }

    /// <summary>
    /// Computes the replies for a path and action from now on (the latest mapping wins). A reply of
    /// <see langword="null"/> leaves the request to the look-alike's own behaviour.
    /// </summary>
    /// <param name="path">The path, for example <c>/v2/sleep</c>.</param>
    /// <param name="action">The <c>action</c> field, for example <c>get</c>; <see langword="null"/> for any.</param>
    /// <param name="reply">Computes the reply from the request.</param>
    public void Map(string path, string? action, Func<WithingsRequest, WithingsReply?> reply)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        AddMapping(path, action, reply ?? throw new ArgumentNullException(nameof(reply)));
    }

    /// <summary>
    /// Computes the replies for every request from now on, before any path's mapping. A reply of
    /// <see langword="null"/> leaves the request to the path mappings and the look-alike's own behaviour.
    /// </summary>
    /// <param name="reply">Computes the reply from the request.</param>
    public void Map(Func<WithingsRequest, WithingsReply?> reply) =>
        AddMapping(null, null, reply ?? throw new ArgumentNullException(nameof(reply)));

    /// <summary>Gives a user a working token pair, as after an authorization.</summary>
    /// <param name="userId">The Withings user id.</param>
    /// <param name="accessToken">The bearer token that now belongs to the user.</param>
    /// <param name="refreshToken">The refresh token <c>requesttoken</c> will accept once.</param>
    public void AddUser(long userId, string accessToken, string refreshToken)
    {
        lock (_gate)
        {
            _oauth.AddUser(userId, accessToken ?? throw new ArgumentNullException(nameof(accessToken)), refreshToken ?? throw new ArgumentNullException(nameof(refreshToken)));
        }
    }

    /// <summary>An authorization code the user brings back from Withings' authorization page; it works once.</summary>
    /// <param name="code">The code.</param>
    /// <param name="userId">The user it authorizes.</param>
    public void AddAuthorizationCode(string code, long userId)
    {
        lock (_gate)
        {
            _oauth.AddAuthorizationCode(code ?? throw new ArgumentNullException(nameof(code)), userId);
        }
    }

    /// <summary>
    /// The next visit to <see cref="AuthorizeEndpoint"/> is refused, as when the user declines to share their data: it
    /// redirects back with <c>error=access_denied</c> and the <c>state</c>, and no code. Each call refuses one more visit.
    /// </summary>
    public void RefuseNextAuthorization()
    {
        lock (_gate)
        {
            _oauth.RefuseNextAuthorization();
        }
    }

    /// <summary>Ends every token of a user, as when the user removes the application on Withings' side: calls with them get status 401.</summary>
    /// <param name="userId">The user.</param>
    public void RevokeTokens(long userId)
    {
        lock (_gate)
        {
            _oauth.RevokeTokens(userId);
        }
    }

    /// <summary>Whether the user holds a working access or refresh token.</summary>
    /// <param name="userId">The user.</param>
    /// <returns><see langword="true"/> when a token of the user still works.</returns>
    public bool HasTokens(long userId)
    {
        lock (_gate)
        {
            return _oauth.HasTokens(userId);
        }
    }

    /// <summary>Adds a subscription directly, as if made earlier.</summary>
    /// <param name="subscription">The subscription; one with the same user, callback URL and appli is replaced.</param>
    public void AddSubscription(LookAlikeSubscription subscription)
    {
        lock (_gate)
        {
            _notify.Add(subscription ?? throw new ArgumentNullException(nameof(subscription)));
        }
    }

    /// <summary>Drops a user's subscriptions, as Withings does after deliveries kept failing.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="appli">The category to drop; <see langword="null"/> for all of them.</param>
    /// <returns>How many were dropped.</returns>
    public int DropSubscriptions(long userId, int? appli = null)
    {
        lock (_gate)
        {
            return _notify.Remove(userId, appli);
        }
    }

    /// <summary>The next <paramref name="times"/> subscribes fail Withings' HEAD check of the callback URL (status 293).</summary>
    /// <param name="times">How many subscribes fail.</param>
    public void FailCallbackCheck(int times)
    {
        lock (_gate)
        {
            _notify.FailCallbackCheck(times);
        }
    }

    /// <summary>
    /// Withings' request signature with this look-alike's client secret: lowercase hex HMAC-SHA256 of the values joined
    /// by commas, for example <c>Sign("getnonce", clientId, timestamp)</c>.
    /// </summary>
    /// <param name="values">The signed values, in order.</param>
    /// <returns>The signature.</returns>
    public string Sign(params string[] values)
    {
        lock (_gate)
        {
            return _oauth.Sign(values ?? throw new ArgumentNullException(nameof(values)));
        }
    }

    /// <summary>
    /// A handler that sends every request to this look-alike whatever its address, for code whose Withings address
    /// cannot be pointed here (an absolute URL, the choice of cloud). The original host stays in the <c>Host</c> header
    /// and its scheme in <c>X-Forwarded-Proto</c>, so <see cref="Requests"/> shows where each request was meant to go.
    /// </summary>
    /// <returns>A new handler, for example for <c>ConfigurePrimaryHttpMessageHandler</c>; the caller disposes it.</returns>
    public HttpMessageHandler CreateHandler() => new RedirectingHandler(BaseAddress);

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void AddMapping(string? path, string? action, Func<WithingsRequest, WithingsReply?> reply)
    {
        lock (_gate)
        {
            // The latest mapping wins: it goes first.
            _mapped.Insert(0, (path, action, reply));
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = await ReadAsync(context).ConfigureAwait(false);
        if (request.Path == AuthorizePath)
        {
            await AuthorizeAsync(context, request).ConfigureAwait(false);
            return;
        }

        WithingsReply reply;
        List<Func<WithingsRequest, WithingsReply?>> mapped;
        lock (_gate)
        {
            _requests.Add(request);
            var queued = _queued.Find(q => q.Path == request.Path && q.Action == request.Action && q.Replies.Count > 0).Replies
                ?? _queued.Find(q => q.Path == request.Path && q.Action is null && q.Replies.Count > 0).Replies;
            mapped = [.. _mapped.Where(m => m.Path is null).Select(m => m.Reply),
                .. _mapped.Where(m => m.Path == request.Path && m.Action == request.Action).Select(m => m.Reply),
                .. _mapped.Where(m => m.Path == request.Path && m.Action is null).Select(m => m.Reply)];
            reply = queued?.Dequeue()!;
        }

        // Delegates run outside the lock: a slow or re-entrant one must not stall other requests.
        foreach (var map in reply is null ? mapped : [])
        {
            if (map(request) is { } computed)
            {
                reply = computed;
                break;
            }
        }

        if (reply is null)
        {
            lock (_gate)
            {
                reply = AnswerAsWithings(request);
            }
        }

        context.Response.StatusCode = (int)reply.HttpStatus;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Content, context.RequestAborted).ConfigureAwait(false);
    }

    // A browser's page, not an API call: a redirect, or a plain-text problem Withings would show instead.
    private async Task AuthorizeAsync(HttpContext context, WithingsRequest request)
    {
        AuthorizeOutcome outcome;
        lock (_gate)
        {
            _requests.Add(request);
            outcome = _oauth.Authorize(request);
        }

        if (outcome.Location is { } location)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = location.AbsoluteUri;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("look-alike authorization page: " + outcome.Problem, context.RequestAborted).ConfigureAwait(false);
    }

    private WithingsReply AnswerAsWithings(WithingsRequest request)
    {
        switch (request.Path, request.Action)
        {
            case ("/v2/signature", "getnonce"):
                return _oauth.GetNonce(request);
            case ("/v2/oauth2", "requesttoken"):
                return _oauth.RequestToken(request);
            case ("/v2/oauth2", "revoke"):
                return RevokeAccess(request);
            case ("/notify", _) when request.Form.ContainsKey("signature"):
                return _oauth.CheckSignedCall(request) ? _notify.SignedSubscribe(request) : WithingsReply.Status(342, "Invalid signature");
        }

        if (_oauth.UserOf(request.BearerToken) is not long userId)
        {
            return WithingsReply.Status(401, "Authentication failed: invalid or missing bearer token");
        }

        return request switch
        {
            { Path: "/notify" } => _notify.Answer(userId, request),
            { Path: "/measure", Action: "getmeas" } => MeasureService.GetMeas(request),
            _ => DataServices.Answer(request) ?? WithingsReply.Status(2554, $"the look-alike does not implement {request.Path} action={request.Action}"),
        };
    }

    // OAuth revoke (signed): the user's tokens stop working and the user's subscriptions go.
    private WithingsReply RevokeAccess(WithingsRequest request)
    {
        if (!_oauth.CheckSignedCall(request))
        {
            return WithingsReply.Status(342, "Invalid signature");
        }

        if (!long.TryParse(request.Field("userid"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var userId))
        {
            return WithingsReply.Status(503, "Invalid Params: userid");
        }

        _oauth.RevokeTokens(userId);
        _notify.Remove(userId, appli: null);
        return WithingsReply.Ok("{}");
    }

    private async Task<WithingsRequest> ReadAsync(HttpContext context)
    {
        var http = context.Request;
        using var reader = new StreamReader(http.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in new[] { QueryHelpers.ParseQuery(http.QueryString.Value), http.HasFormContentType ? QueryHelpers.ParseQuery(body) : [] })
        {
            foreach (var field in fields)
            {
                form[field.Key] = field.Value.Count > 0 ? field.Value[field.Value.Count - 1] ?? string.Empty : string.Empty;
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in http.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        return new WithingsRequest(
            Options.TimeProvider.GetUtcNow(),
            http.Method,
            http.Path.Value ?? "/",
            http.QueryString.Value ?? string.Empty,
            form.TryGetValue("action", out var action) ? action : string.Empty,
            form,
            headers,
            body);
    }
}
