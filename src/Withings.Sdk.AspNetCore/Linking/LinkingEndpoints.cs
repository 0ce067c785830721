using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The two linking endpoints. Connect: the signed-in user's key is sealed with a fresh nonce and an expiry into the
/// <c>state</c>, and the user is redirected to Withings' authorization page. Callback: the state is opened and checked
/// (genuine, unexpired, the same user, never used), the code is exchanged (the OAuth client saves the pair), the
/// configured subscriptions are ensured, and the <c>OnUserLinked</c> handler runs. Every outcome is a redirect or a
/// small page from <see cref="LinkPage"/>; no exception leaves, no token is written.
/// </summary>
internal sealed class LinkingEndpoints(
    IOptionsMonitor<WithingsLinkingOptions> options,
    LinkStateProtector protector,
    UsedLinkStates usedStates,
    LinkUserKey userKey,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<LinkingEndpoints> logger)
{
    public const string ConnectPath = "connect";
    public const string CallbackPath = "callback";

    private const int MaxReturnUrlLength = 2048;

    /// <summary>The connect endpoint: sends the signed-in user to Withings' authorization page.</summary>
    /// <param name="context">The request.</param>
    /// <param name="prefix">The path the endpoints are mapped under, for example <c>/withings/link</c>.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public Task ConnectAsync(HttpContext context, string prefix) => GuardAsync(context, prefix, "connect", () => StartAsync(context, prefix));

    /// <summary>The callback endpoint: where Withings sends the user back to.</summary>
    /// <param name="context">The request.</param>
    /// <param name="prefix">The path the endpoints are mapped under, for example <c>/withings/link</c>.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public Task CallbackAsync(HttpContext context, string prefix) => GuardAsync(context, prefix, "callback", () => FinishAsync(context, prefix));

    // Whatever fails unexpectedly (a reloaded setting gone invalid, a shared cache down) ends on the error page, not
    // in the developer exception page with its stack trace.
    private async Task GuardAsync(HttpContext context, string prefix, string step, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            LinkingLog.Failed(logger, step, e);
            context.Response.Clear();
            await LinkPage.WriteFailureAsync(context.Response, LinkFailure.Failed, StartAgain(context.Request, prefix)).ConfigureAwait(false);
        }
    }

    private async Task StartAsync(HttpContext context, string prefix)
    {
        var settings = options.CurrentValue;
        var request = context.Request;
        if (userKey.Of(context) is not { } user)
        {
            await RefuseAsync(context, prefix, LinkFailure.NotSignedIn).ConfigureAwait(false);
            return;
        }

        var mode = request.Query["mode"];
        var isDemo = mode.Count == 1 && mode[0] == "demo";
        if (mode.Count > 0 && !(isDemo && settings.AllowDemoUser))
        {
            await RefuseAsync(context, prefix, LinkFailure.DemoNotAllowed).ConfigureAwait(false);
            return;
        }

        var returnUrl = request.Query["returnUrl"];
        if (returnUrl.Count > 1 || (returnUrl.Count == 1 && !IsLocalUrl(returnUrl[0])))
        {
            await RefuseAsync(context, prefix, LinkFailure.ReturnUrlNotLocal).ConfigureAwait(false);
            return;
        }

        var state = LinkStateProtector.NewState(user, isDemo, returnUrl.Count == 1 ? returnUrl[0] : null, timeProvider.GetUtcNow() + settings.StateLifetime);
        var oauth = context.RequestServices.GetRequiredService<IWithingsOAuthClient>();
        IEnumerable<string> scopes = settings.Scopes is { Count: > 0 } asked ? asked : WithingsLinkingOptions.DefaultScopes;
        var authorize = oauth.GetAuthorizeUrl(scopes, RedirectUri(request, settings, prefix), protector.Protect(state)).AbsoluteUri;

        // Withings' authorization page takes mode=demo to show its demo account instead of the user's own.
        if (isDemo)
        {
            authorize += "&mode=demo";
        }

        LinkingLog.Started(logger, isDemo);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(authorize);
    }

    private async Task FinishAsync(HttpContext context, string prefix)
    {
        var query = context.Request.Query;
        var failure = CheckAnswer(query);
        LinkState? state = null;
        if (failure is null)
        {
            (state, failure) = Check(context, protector.Unprotect(Single(query, "state")));
        }

        if (failure is null && !await usedStates.TryUseAsync(state!, context.RequestAborted).ConfigureAwait(false))
        {
            failure = LinkFailure.ReplayedState;
        }

        if (failure is null && Single(query, "code") is not { Length: > 0 })
        {
            failure = LinkFailure.MissingCode;
        }

        if (failure is { } refused)
        {
            await RefuseAsync(context, prefix, refused).ConfigureAwait(false);
            return;
        }

        // From here on the user's browser may go away: the code is spent, so the link is finished regardless.
        var linked = await LinkAsync(context, prefix, state!, Single(query, "code")!, lifetime.ApplicationStopping).ConfigureAwait(false);
        if (linked is { } problem)
        {
            await LinkPage.WriteFailureAsync(context.Response, problem, StartAgain(context.Request, prefix)).ConfigureAwait(false);
            return;
        }

        if (state!.ReturnUrl is { } returnUrl)
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            context.Response.Redirect(returnUrl);
            return;
        }

        await LinkPage.WriteSuccessAsync(context.Response).ConfigureAwait(false);
    }

    private async Task<LinkFailure?> LinkAsync(HttpContext context, string prefix, LinkState state, string code, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var services = context.RequestServices;
        WithingsTokenPair pair;
        try
        {
            pair = await services.GetRequiredService<IWithingsOAuthClient>()
                .ExchangeCodeAsync(code, RedirectUri(context.Request, settings, prefix), cancellationToken).ConfigureAwait(false);
        }
        catch (WithingsApiException e) when (WithingsErrors.IsTransient(e) || e.Status is null)
        {
            LinkingLog.WithingsUnavailable(logger, e.Status, e.Family);
            return LinkFailure.WithingsUnavailable;
        }
        catch (WithingsApiException e)
        {
            LinkingLog.CodeRefused(logger, e.Status, e.Family);
            return LinkFailure.CodeRefused;
        }
        catch (Exception e)
        {
            // Typically the token store's SaveAsync: the pair is not kept, so the link did not happen.
            LinkingLog.Failed(logger, "code exchange or token store", e);
            return LinkFailure.Failed;
        }

        var subscriptions = await EnsureSubscriptionsAsync(services, settings, pair, cancellationToken).ConfigureAwait(false);
        var linked = new WithingsUserLinked(state.UserKey, pair.UserId, pair.Scope, state.IsDemo, subscriptions);
        try
        {
            await services.GetRequiredService<IWithingsUserLinkedHandler>().HandleAsync(linked, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LinkingLog.Failed(logger, "OnUserLinked handler", e);
            return LinkFailure.Failed;
        }

        LinkingLog.Linked(logger, pair.UserId, pair.Scope, subscriptions.Subscribed, subscriptions.Kept, subscriptions.Failed);
        await (services.GetService<BackfillOnLink>()?.StartAsync(pair.UserId, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        return null;
    }

    // A refused subscribe is a failed outcome already; a refused list (or a callback URL breaking Withings' rules)
    // fails every category, and the link still stands: the token pair is saved.
    private async Task<SubscriptionEnsureResult> EnsureSubscriptionsAsync(IServiceProvider services, WithingsLinkingOptions settings, WithingsTokenPair pair, CancellationToken cancellationToken)
    {
        if (settings.CallbackUrl is not { } callbackUrl || settings.Categories is not { Count: > 0 } categories)
        {
            return new SubscriptionEnsureResult([]);
        }

        try
        {
            return await services.GetRequiredService<IWithingsNotifyClient>()
                .EnsureSubscriptionsAsync(pair.AccessToken, callbackUrl, categories, prune: false, comment: null, cancellationToken).ConfigureAwait(false);
        }
        catch (WithingsApiException e)
        {
            LinkingLog.SubscriptionsFailed(logger, pair.UserId, "Withings status " + (e.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none") + ", " + e.Family);
            return new SubscriptionEnsureResult([.. categories.Distinct().Select(c => new SubscriptionOutcome(c, SubscriptionOutcomeKind.Failed, e))]);
        }
        catch (ArgumentException e)
        {
            // The Notify client's rule check; its message names the rule, never the URL.
            LinkingLog.SubscriptionsFailed(logger, pair.UserId, e.Message);
            var error = new WithingsApiException("Withings:Linking:CallbackUrl: " + e.Message, e);
            return new SubscriptionEnsureResult([.. categories.Distinct().Select(c => new SubscriptionOutcome(c, SubscriptionOutcomeKind.Failed, error))]);
        }
    }

    private static LinkFailure? CheckAnswer(IQueryCollection query) => Single(query, "error") switch
    {
        null => null,
        "access_denied" => LinkFailure.Denied,
        _ => LinkFailure.WithingsError,
    };

    private (LinkState? State, LinkFailure? Failure) Check(HttpContext context, LinkState? state)
    {
        if (state is null)
        {
            return (null, LinkFailure.InvalidState);
        }

        if (timeProvider.GetUtcNow() >= state.ExpiresAt)
        {
            return (state, LinkFailure.ExpiredState);
        }

        return userKey.Of(context) switch
        {
            null => (state, LinkFailure.NotSignedIn),
            var user when !string.Equals(user, state.UserKey, StringComparison.Ordinal) => (state, LinkFailure.OtherUser),
            _ => (state, null),
        };
    }

    private Task RefuseAsync(HttpContext context, string prefix, LinkFailure failure)
    {
        if (failure is LinkFailure.InvalidState or LinkFailure.OtherUser or LinkFailure.ReplayedState or LinkFailure.ReturnUrlNotLocal)
        {
            LinkingLog.Suspicious(logger, failure);
        }
        else
        {
            LinkingLog.Refused(logger, failure);
        }

        return LinkPage.WriteFailureAsync(context.Response, failure, StartAgain(context.Request, prefix));
    }

    /// <summary>The configured redirect URI, or this application's callback endpoint at the address the request came to.</summary>
    private static Uri RedirectUri(HttpRequest request, WithingsLinkingOptions settings, string prefix) =>
        settings.RedirectUri ?? new Uri(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, new PathString(prefix).Add("/" + CallbackPath)));

    private static string StartAgain(HttpRequest request, string prefix) => request.PathBase.Add(new PathString(prefix)).Add("/" + ConnectPath).ToUriComponent();

    private static string? Single(IQueryCollection query, string name) => query[name] is { Count: 1 } values ? values[0] : null;

    // Only a path of this application: not //host, not /\host (browsers read both as another host), not a scheme.
    private static bool IsLocalUrl(string? url) =>
        url is { Length: > 0 and <= MaxReturnUrlLength }
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
