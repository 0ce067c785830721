using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The dashboard's pages and actions. Each page reads what the receiver already keeps (its totals, the trail, the
/// queue's count, the dead-letter store, the reconciler's last checks, the users' contexts) and renders it on the
/// server; each page is capped in rows so that it stays small whatever the store holds.
/// </summary>
internal sealed class DashboardPages(IServiceProvider services, string basePath, ILogger logger)
{
    /// <summary>Rows a page shows at most: enough to find things, few enough to stay far under 100 KB.</summary>
    public const int MaxRows = 50;

    private readonly ReceiverMetrics _metrics = services.GetRequiredService<ReceiverMetrics>();
    private readonly NotificationTrail _trail = services.GetRequiredService<NotificationTrail>();
    private readonly TimeProvider _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;

    public Task OverviewAsync(HttpContext context)
    {
        var html = new DashboardHtml();
        var totals = _metrics.Totals;
        var trail = _trail;
        var now = _timeProvider.GetUtcNow();
        var status = services.GetRequiredService<IWithingsReceiverStore>().GetStatus();
        var depth = status.Waiting;
        var (waiting, oldestWaiting) = trail.Waiting();

        html.Raw("<div class=\"cards\">");
        Card(html, "received", totals.Received);
        Card(html, "acknowledged", totals.Acknowledged);
        Card(html, "duplicates", totals.Duplicates);
        Card(html, "handled", totals.Handled);
        Card(html, "dead-lettered", totals.DeadLettered);
        Card(html, "refused (503, 4xx)", totals.Rejected);
        Card(html, "wrong secret or sender", totals.Unauthorized);
        html.Raw("</div><p class=\"muted\">Since this process started.</p>");

        html.Raw("<h2>Queue</h2><table><tr><th>Depth</th><td>");
        if (depth < 0)
        {
            html.Raw("not known to this backend");
        }
        else
        {
            html.Number(depth).Raw(depth == 1 ? " notification waits" : " notifications wait").Raw(" for the handler");
        }

        html.Raw("</td></tr><tr><th>Oldest waiting</th><td>");
        if (oldestWaiting is { } oldest)
        {
            html.Text(DashboardHtml.Age(now - oldest)).Raw(" (received ").Time(oldest).Raw("; ").Number(waiting).Raw(" of the recent notifications not taken yet)");
        }
        else
        {
            html.Raw("none among the recent notifications");
        }

        html.Raw("</td></tr><tr><th>Backend</th><td>").Text(DashboardBackend.Describe(status)).Raw("</td></tr></table>");

        WindowTable(html, "Last hour", trail.Counts(TimeSpan.FromHours(1)));
        WindowTable(html, "Last day", trail.Counts(TimeSpan.FromDays(1)));

        html.Raw("<h2>Withings API</h2><table>");
        RateLimit(html);
        var (fetchedNotifications, requests) = trail.Coalescing;
        html.Raw("<tr><th>Coalescing</th><td>");
        if (fetchedNotifications == 0)
        {
            html.Raw("the sync engine has fetched nothing yet (or is not registered)");
        }
        else
        {
            html.Number(fetchedNotifications).Raw(" notifications fetched with ").Number(requests).Raw(" requests");
            if (fetchedNotifications > requests)
            {
                html.Raw(": at least ").Number(fetchedNotifications - requests).Raw(" requests saved");
            }
        }

        var (kept, oldestKept) = trail.Kept();
        html.Raw("</td></tr></table><p class=\"muted\">Recent notifications kept: ").Number(kept).Raw(" of ").Number(trail.Capacity);
        html.Raw(oldestKept is null ? string.Empty : ", since ").Time(oldestKept).Raw(". Windows are counted in ")
            .Number((long)TrailCounts.SlotWidth.TotalMinutes).Raw("-minute steps.</p>");
        return WriteAsync(context, string.Empty, "Overview", html);
    }

    public Task NotificationsAsync(HttpContext context)
    {
        var html = new DashboardHtml();
        var query = context.Request.Query["user"].ToString().Trim();
        html.Raw("<form method=\"get\"><label>Withings user id <input type=\"search\" name=\"user\" inputmode=\"numeric\" autofocus value=\"")
            .Text(query).Raw("\"></label> <button type=\"submit\">Find</button></form>");
        IReadOnlyList<TrailView> traces;
        if (query.Length == 0)
        {
            html.Raw("<h2>Latest notifications</h2>");
            traces = _trail.Latest(MaxRows);
        }
        else if (long.TryParse(query, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            html.Raw("<h2>Notifications of user ").Text(query).Raw("</h2>");
            traces = _trail.Find(userId, MaxRows);
        }
        else
        {
            html.Raw("<p class=\"bad\">A Withings user id is a number.</p>");
            traces = [];
        }

        if (traces.Count == 0)
        {
            html.Raw("<p class=\"muted\" id=\"none\">No notification among the ").Number(_trail.Capacity).Raw(" most recent.</p>");
        }
        else
        {
            html.Raw("<table id=\"traces\"><tr><th>Received</th><th>User</th><th>Category</th><th>Outcome</th><th>Path</th></tr>");
            foreach (var trace in traces)
            {
                html.Raw("<tr data-user=\"").Text(trace.UserId?.ToString(CultureInfo.InvariantCulture)).Raw("\" data-stage=\"").Text(StageName(trace.Stage)).Raw("\"><td>").Time(trace.ReceivedAt)
                    .Raw("</td><td>").Text(trace.UserId?.ToString(CultureInfo.InvariantCulture) ?? "—").Raw("</td><td>").Text(DashboardHtml.Appli(trace.Appli))
                    .Raw("</td><td class=\"").Raw(StageClass(trace.Stage)).Raw("\">").Text(StageName(trace.Stage)).Raw("</td><td><ol class=\"path\">");
                foreach (var step in trace.Events)
                {
                    html.Raw("<li>").Text(StageName(step.Stage)).Raw(" ").Time(step.At);
                    if (step.Detail is not null)
                    {
                        html.Raw(" <span class=\"muted\">").Text(step.Detail).Raw("</span>");
                    }

                    html.Raw("</li>");
                }

                html.Raw("</ol></td></tr>");
            }

            html.Raw("</table>");
        }

        html.Raw("<p class=\"muted\">Only the user id and the category of a body are shown. The path lists each step the receiver recorded: ")
            .Raw("queued (acknowledged to Withings), fetched (with the requests planned or sent), handled or dead-lettered.</p>");
        return WriteAsync(context, "notifications", "Where is my notification", html);
    }

    public async Task DeadLettersAsync(HttpContext context)
    {
        var html = new DashboardHtml();
        var store = services.GetService<IWithingsDeadLetterStore>();
        if (store is null)
        {
            html.Raw("<p>This receiver keeps no dead letters to replay.</p>");
            await WriteAsync(context, "dead-letters", "Dead letters", html).ConfigureAwait(false);
            return;
        }

        Notice(html, context.Request.Query);
        IReadOnlyList<WithingsStoredDeadLetter> letters;
        try
        {
            letters = await store.ListAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DashboardLog.ReadFailed(logger, exception, "the dead letters");
            html.Raw("<p class=\"bad\">The dead letters could not be read: ").Text(exception.GetType().Name).Raw(". See the log.</p>");
            await WriteAsync(context, "dead-letters", "Dead letters", html).ConfigureAwait(false);
            return;
        }

        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var actions = context.Request.PathBase + DashboardHtml.Link(basePath, "dead-letters/");
        html.Raw("<p><span id=\"count\">").Number(letters.Count).Raw("</span> dead letter(s)");
        if (letters.Count > MaxRows)
        {
            html.Raw(", the ").Number(MaxRows).Raw(" latest shown");
        }

        html.Raw(".</p>");
        if (letters.Count > 0)
        {
            html.Raw("<p>");
            ActionForm(html, actions, tokens, null, "Replay all", "Purge all");
            html.Raw("</p><table id=\"dead-letters\"><tr><th>Id</th><th>Reason</th><th class=\"n\">Attempts</th><th>Error</th><th>Received</th><th>Dead-lettered</th><th>Body (masked)</th><th></th></tr>");
            foreach (var letter in letters.Skip(Math.Max(0, letters.Count - MaxRows)).Reverse())
            {
                var id = letter.Id.ToString(CultureInfo.InvariantCulture);
                html.Raw("<tr id=\"dl-").Raw(id).Raw("\"><td>").Raw(id).Raw("</td><td>").Text(NotificationTrail.ReasonName(letter.Reason)).Raw("</td>")
                    .Cell(letter.Attempts).Raw("<td>").Text(Shorten(letter.Error)).Raw("</td><td>").Time(letter.ReceivedAt).Raw("</td><td>").Time(letter.DeadLetteredAt)
                    .Raw("</td><td class=\"mono\">").Text(MaskedBody.Of(letter.Body)).Raw("</td><td>");
                ActionForm(html, actions, tokens, id, "Replay", "Purge");
                html.Raw("</td></tr>");
            }

            html.Raw("</table>");
        }

        html.Raw("<p class=\"muted\">Replay moves a dead letter back into the queue, to be handled again; purge deletes it for good. ")
            .Raw("Body values other than the user id and the category are masked.</p>");
        await WriteAsync(context, "dead-letters", "Dead letters", html).ConfigureAwait(false);
    }

    /// <summary>POST: replays one dead letter (form field <c>id</c>) or all, then goes back to the list.</summary>
    public async Task ReplayAsync(HttpContext context)
    {
        if (await ReadActionAsync(context).ConfigureAwait(false) is not { } action)
        {
            return;
        }

        var (store, id) = action;
        var letters = await store.ListAsync(context.RequestAborted).ConfigureAwait(false);
        var replayed = 0;
        foreach (var letter in letters.Where(l => id is null || l.Id == id))
        {
            // One at a time, so that the trail marks exactly those the queue took (it may be full).
            if (await store.ReplayAsync(letter.Id, context.RequestAborted).ConfigureAwait(false) > 0)
            {
                replayed++;
                var (userId, appli) = letter.Reason == WithingsDeadLetterReason.Unparseable ? (null, 0) : MaskedBody.Identify(letter.Body);
                _trail.Replayed(userId, appli, letter.ReceivedAt);
            }
        }

        DashboardLog.Replayed(logger, replayed);
        Redirect(context, "replayed", replayed);
    }

    /// <summary>POST: purges one dead letter (form field <c>id</c>) or all, then goes back to the list.</summary>
    public async Task PurgeAsync(HttpContext context)
    {
        if (await ReadActionAsync(context).ConfigureAwait(false) is not { } action)
        {
            return;
        }

        var purged = await action.Store.PurgeAsync(action.Id, context.RequestAborted).ConfigureAwait(false);
        DashboardLog.Purged(logger, purged);
        Redirect(context, "purged", purged);
    }

    public async Task UsersAsync(HttpContext context)
    {
        var html = new DashboardHtml();
        var reconciler = services.GetService<WithingsSubscriptionReconciler>();
        var checks = reconciler?.GetLastChecks().ToDictionary(c => c.UserId) ?? [];
        var userIds = new SortedSet<long>(checks.Keys);
        if (services.GetService<IWithingsTokenStore>() is IWithingsUserTokenStore tokens)
        {
            try
            {
                userIds.UnionWith(await tokens.GetUserIdsAsync(context.RequestAborted).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                DashboardLog.ReadFailed(logger, exception, "the token store's users");
                html.Raw("<p class=\"bad\">The token store's users could not be read. See the log.</p>");
            }
        }

        // Page through the users by id: ?after= the last id shown.
        long.TryParse(context.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after);
        var shown = userIds.Where(u => u > after).Take(MaxRows).ToList();
        html.Raw("<p>").Number(userIds.Count).Raw(" user(s) known to the token store and the subscription reconciler.");
        if (reconciler is null)
        {
            html.Raw(" <span class=\"muted\">The subscription reconciler is not registered (<code>AddSubscriptionReconciler</code>): no subscription check to show.</span>");
        }

        html.Raw("</p>");
        if (shown.Count > 0)
        {
            // Asked all at once (the store allows concurrent calls for different users): one wait, not one per user.
            var contexts = services.GetService<IWithingsUserContextStore>();
            var reads = shown.Select(u => ReadContextAsync(contexts, u, context.RequestAborted)).ToList();
            html.Raw("<table id=\"users\"><tr><th>User</th><th>Subscriptions (last check)</th><th>Checked</th><th>Time zone</th><th>Cursors (synced up to)</th></tr>");
            for (var i = 0; i < shown.Count; i++)
            {
                var userId = shown[i];
                html.Raw("<tr><td><a href=\"").Text(DashboardHtml.Link(basePath, "notifications?user=" + userId.ToString(CultureInfo.InvariantCulture))).Raw("\">")
                    .Raw(userId.ToString(CultureInfo.InvariantCulture)).Raw("</a></td><td>");
                checks.TryGetValue(userId, out var check);
                Subscriptions(html, check);
                html.Raw("</td><td>").Time(check?.CheckedAt).Raw("</td>");
                UserContext(html, await reads[i].ConfigureAwait(false));
                html.Raw("</tr>");
            }

            html.Raw("</table>");
            if (userIds.Any(u => u > shown[^1]))
            {
                html.Raw("<p><a href=\"").Text(DashboardHtml.Link(basePath, "users?after=" + shown[^1].ToString(CultureInfo.InvariantCulture))).Raw("\">Next users</a></p>");
            }
        }

        html.Raw("<p class=\"muted\">Missing: a category Withings no longer had, subscribed again (healed). Failed: Withings refused the subscribe, or the user's check failed. ")
            .Raw("Tokens are never shown.</p>");
        await WriteAsync(context, "users", "Users and subscriptions", html).ConfigureAwait(false);
    }

    private async Task<(IWithingsDeadLetterStore Store, long? Id)?> ReadActionAsync(HttpContext context)
    {
        var antiforgery = services.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            DashboardLog.AntiforgeryFailed(logger);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }

        if (services.GetService<IWithingsDeadLetterStore>() is not { } store)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var idText = form["id"].ToString();
        if (idText.Length == 0)
        {
            return (store, null);
        }

        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }

        return (store, id);
    }

    private void Redirect(HttpContext context, string done, int count)
    {
        // 303: the browser follows with GET, so a reload does not post the action again.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = context.Request.PathBase + DashboardHtml.Link(basePath, "dead-letters") + "?done=" + done + "&count=" + count.ToString(CultureInfo.InvariantCulture);
    }

    private static void Notice(DashboardHtml html, IQueryCollection query)
    {
        var done = query["done"].ToString();
        if (done is "replayed" or "purged" && int.TryParse(query["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            html.Raw("<p class=\"notice\" id=\"notice\">").Number(count).Raw(" dead letter(s) ").Raw(done).Raw(".</p>");
        }
    }

    // One form per row, its two buttons posting to replay or purge: one antiforgery token per row keeps the page small.
    private static void ActionForm(DashboardHtml html, string actions, AntiforgeryTokenSet tokens, string? id, string replay, string purge)
    {
        html.Raw("<form class=\"inline\" method=\"post\" action=\"").Text(actions + "replay").Raw("\">").Antiforgery(tokens.FormFieldName, tokens.RequestToken);
        if (id is not null)
        {
            html.Raw("<input type=\"hidden\" name=\"id\" value=\"").Raw(id).Raw("\">");
        }

        html.Raw("<button type=\"submit\">").Text(replay).Raw("</button> <button type=\"submit\" class=\"danger\" formaction=\"").Text(actions + "purge").Raw("\">")
            .Text(purge).Raw("</button></form>");
    }

    private static void Subscriptions(DashboardHtml html, SubscriptionUserCheck? check)
    {
        if (check is null)
        {
            html.Raw("<span class=\"muted\">not checked yet</span>");
            return;
        }

        if (check.TokenDead)
        {
            html.Raw("<span class=\"bad\">token no longer works: skipped until the user links again</span>");
            return;
        }

        if (check.Failure is { } failure)
        {
            html.Raw("<span class=\"bad\">check failed: ").Text(failure.ToString()).Raw("</span>");
            return;
        }

        var first = true;
        foreach (var outcome in check.Outcomes)
        {
            html.Raw(first ? string.Empty : ", ").Text(DashboardHtml.Appli((int)outcome.Appli)).Raw(" ");
            html.Raw(outcome.Kind switch
            {
                SubscriptionOutcomeKind.Kept => "<span class=\"good\">ok</span>",
                SubscriptionOutcomeKind.Subscribed => "<span class=\"bad\">missing</span> → <span class=\"good\">healed</span>",
                SubscriptionOutcomeKind.Revoked => "<span class=\"muted\">revoked</span>",
                _ => "<span class=\"bad\">failed</span>",
            });
            first = false;
        }

        if (first)
        {
            html.Raw("<span class=\"muted\">no category configured</span>");
        }
    }

    private async Task<WithingsUserContext?> ReadContextAsync(IWithingsUserContextStore? contexts, long userId, CancellationToken cancellationToken)
    {
        if (contexts is null)
        {
            return null;
        }

        try
        {
            return await contexts.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DashboardLog.ReadFailed(logger, exception, "a user's context");
            return null;
        }
    }

    private static void UserContext(DashboardHtml html, WithingsUserContext? userContext)
    {
        html.Raw("<td>").Text(userContext?.TimeZone ?? "—").Raw("</td><td>");
        if (userContext is null || userContext.Cursors.IsEmpty)
        {
            html.Raw("—");
        }
        else
        {
            var first = true;
            foreach (var (category, cursor) in userContext.Cursors.OrderBy(c => c.Key))
            {
                html.Raw(first ? string.Empty : "<br>").Text(DashboardHtml.Appli((int)category)).Raw(": ").Time(cursor);
                first = false;
            }
        }

        html.Raw("</td>");
    }

    private void RateLimit(DashboardHtml html)
    {
        html.Raw("<tr><th>Rate limit</th><td>");
        RateLimiter? limiter = null;
        try
        {
            limiter = services.GetKeyedService<RateLimiter>(WithingsRateLimiter.ServiceKey);
        }
        catch (InvalidOperationException)
        {
            // Keyed services not supported by the container: shown as unknown.
        }

        if (limiter?.GetStatistics() is not { } statistics)
        {
            html.Raw("not known to this limiter");
        }
        else
        {
            if (limiter is WithingsRateLimiter withings)
            {
                html.Number(Math.Max(0, withings.Burst - statistics.CurrentAvailablePermits)).Raw(" of a burst of ").Number(withings.Burst)
                    .Raw(" used now (").Number(withings.PermitsPerMinute).Raw(" per minute); ");
            }
            else
            {
                html.Number(statistics.CurrentAvailablePermits).Raw(" permits available now; ");
            }

            html.Number(statistics.TotalSuccessfulLeases).Raw(" requests let through, ").Number(statistics.CurrentQueuedCount).Raw(" waiting, ")
                .Number(statistics.TotalFailedLeases).Raw(" refused");
        }

        html.Raw("</td></tr>");
    }

    private static void Card(DashboardHtml html, string label, long value) =>
        html.Raw("<div class=\"card\"><b>").Number(value).Raw("</b><span>").Text(label).Raw("</span></div>");

    private static void WindowTable(DashboardHtml html, string title, IReadOnlyList<TrailCount> counts)
    {
        html.Raw("<h2>").Text(title).Raw("</h2>");
        if (counts.Count == 0)
        {
            html.Raw("<p class=\"muted\">No notification.</p>");
            return;
        }

        html.Raw("<table><tr><th>Category</th><th class=\"n\">Received</th><th class=\"n\">Acknowledged</th><th class=\"n\">Duplicates</th><th class=\"n\">Refused</th><th class=\"n\">Handled</th><th class=\"n\">Dead-lettered</th></tr>");
        foreach (var count in counts)
        {
            html.Raw("<tr><td>").Text(DashboardHtml.Appli(count.Appli)).Raw("</td>").Cell(count.Received).Cell(count.Acknowledged).Cell(count.Duplicates)
                .Cell(count.Refused).Cell(count.Handled).Cell(count.DeadLettered).Raw("</tr>");
        }

        html.Raw("</table>");
    }

    private static string StageName(TrailStage stage) => stage switch
    {
        TrailStage.Queued => "queued",
        TrailStage.Duplicate => "duplicate",
        TrailStage.Refused => "refused",
        TrailStage.Fetched => "fetched",
        TrailStage.Handled => "handled",
        TrailStage.DeadLettered => "dead-lettered",
        _ => "replayed",
    };

    private static string StageClass(TrailStage stage) => stage switch
    {
        TrailStage.Handled => "good",
        TrailStage.DeadLettered or TrailStage.Refused => "bad",
        _ => "muted",
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");

    private async Task WriteAsync(HttpContext context, string active, string title, DashboardHtml body)
    {
        var document = DashboardHtml.Document(context.Request.PathBase + basePath, active, title, body.ToString());
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // No script at all, styles only inline, forms only to this site, never in a frame.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        await response.WriteAsync(document, context.RequestAborted).ConfigureAwait(false);
    }
}
