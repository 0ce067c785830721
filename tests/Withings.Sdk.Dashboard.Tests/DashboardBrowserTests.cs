using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Withings.Sdk.AspNetCore;
using static Microsoft.Playwright.Assertions;

namespace Withings.Sdk.Dashboard.Tests;

/// <summary>
/// The dashboard in a real headless browser, on a live receiver: notifications posted as Withings posts them, found
/// by user id with their path; a dead letter replayed and then handled; the users' subscriptions and zones; no token
/// on any page.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DashboardBrowserTests
{
    // Withings' documented weigh-in notification, for three users.
    private const long Handled = 1001;
    private const long Failing = 2002;
    private const long Quiet = 3003;

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task LaunchBrowser() => (_playwright, _browser) = await Browser.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Test]
    public async Task NotificationSearch_ByUserId_ShowsThePostedNotificationsPath_AndTheOverviewCountsIt()
    {
        await using var host = await DashboardHost.StartAsync(Handled, Failing);
        await host.PostAsync(Weighin(Handled));
        await host.PostAsync(Weighin(Failing, startdate: 1530576100));
        var page = await NewAdminPageAsync();

        // The search form, as an operator uses it.
        await page.GotoAsync(host.Page("notifications").AbsoluteUri);
        await page.GetByLabel("Withings user id").FillAsync(Handled.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator("h2")).ToHaveTextAsync($"Notifications of user {Handled}");
        page.Url.Should().EndWith($"notifications?user={Handled}");

        var row = await Browser.OpenUntilAsync(page, new Uri(page.Url), $"tr[data-user='{Handled}'][data-stage='handled']");
        await Expect(row).ToHaveCountAsync(1);
        var path = await row.Locator("ol.path").InnerTextAsync();
        path.Should().ContainAll("queued", "fetched", "measure getmeas", "handled");
        (await row.InnerTextAsync()).Should().Contain("Weight (1)");

        // Only that user's notification: the other user's is not listed.
        await Expect(page.Locator($"tr[data-user='{Failing}']")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "notifications");

        await page.GotoAsync(host.Page(string.Empty).AbsoluteUri);
        var lastHour = page.Locator("h2:has-text('Last hour') + table");
        await Expect(lastHour.Locator("tr", new() { HasText = "Weight (1)" }).Locator("td").Nth(1)).ToHaveTextAsync("2");
        await Expect(page.Locator(".card", new() { HasText = "acknowledged" }).Locator("b")).ToHaveTextAsync("2");
        await Browser.ScreenshotAsync(page, "overview");
    }

    [Test]
    public async Task DeadLetter_ReplayedFromTheDashboard_IsHandled_AndItsBodyIsMasked()
    {
        await using var host = await DashboardHost.StartAsync(Failing);
        host.Failing[Failing] = true;
        await host.PostAsync(Weighin(Failing));
        var page = await NewAdminPageAsync();

        var row = await Browser.OpenUntilAsync(page, host.Page("dead-letters"), "#dead-letters tr[id^='dl-']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td.mono")).ToHaveTextAsync($"userid={Failing}&appli=1&startdate=•••&enddate=•••");
        await Expect(row).ToContainTextAsync("handler failed");
        await Expect(row).ToContainTextAsync("The application's database is down");
        (await page.ContentAsync()).Should().NotContain("1530576000", "body values other than the user id and the category are masked");
        await Browser.ScreenshotAsync(page, "dead-letters");

        // The application is fixed; the operator replays the dead letter with its button (a POST with the antiforgery token).
        host.Failing.TryRemove(Failing, out _);
        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("1 dead letter(s) replayed.");
        await Expect(page.Locator("#count")).ToHaveTextAsync("0");

        var trace = await Browser.OpenUntilAsync(page, host.Page($"notifications?user={Failing}"), $"tr[data-user='{Failing}'][data-stage='handled']");
        var path = await trace.Locator("ol.path li").AllInnerTextsAsync();
        // The replay is marked once the store took it back, while the delivery loop may already fetch and handle it:
        // "replayed" comes anywhere after the dead letter, as does the second fetch and the handling.
        var steps = path.Select(step => step.Split(' ')[0]).ToList();
        steps.Should().ContainInOrder("queued", "fetched", "dead-lettered", "handled");
        steps.Skip(steps.IndexOf("dead-lettered") + 1).Should().Contain(["replayed", "fetched", "handled"]);
    }

    [Test]
    public async Task UsersPage_ShowsTheReconcilersLastCheck_TheTimeZone_AndNoToken()
    {
        await using var host = await DashboardHost.StartAsync(Handled, Quiet);

        // User 1001 has both subscriptions; user 3003 lost Sleep at Withings, which the reconciler heals.
        var callback = new Uri("http://127.0.0.1/withings/notify");
        host.LookAlike.AddSubscription(new Testing.LookAlikeSubscription(Handled, (int)NotificationCategory.Weight, callback.AbsoluteUri, string.Empty));
        host.LookAlike.AddSubscription(new Testing.LookAlikeSubscription(Handled, (int)NotificationCategory.Sleep, callback.AbsoluteUri, string.Empty));
        host.LookAlike.AddSubscription(new Testing.LookAlikeSubscription(Quiet, (int)NotificationCategory.Weight, callback.AbsoluteUri, string.Empty));
        await host.App.Services.GetRequiredService<WithingsSubscriptionReconciler>().ReconcileAsync();
        // What the sync engine records for a user: the zone Withings' answers carried, a cursor per category.
        var contexts = host.App.Services.GetRequiredService<IWithingsUserContextStore>();
        await contexts.SaveTimeZoneAsync(Quiet, "Europe/Paris", CancellationToken.None);
        await contexts.AdvanceCursorAsync(Quiet, NotificationCategory.Weight, new DateTimeOffset(2018, 7, 4, 10, 5, 53, TimeSpan.Zero), CancellationToken.None);
        var page = await NewAdminPageAsync();

        var response = await page.GotoAsync(host.Page("users").AbsoluteUri);
        response!.Status.Should().Be(200);
        var quiet = page.Locator("#users tr", new() { HasText = Quiet.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Expect(quiet).ToContainTextAsync("Weight (1) ok");
        await Expect(quiet).ToContainTextAsync("Sleep (44) missing → healed");
        await Expect(quiet).ToContainTextAsync("Europe/Paris");
        await Expect(quiet).ToContainTextAsync("Weight (1): 2018-07-04 10:05:53.000Z");
        var handled = page.Locator("#users tr", new() { HasText = Handled.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Expect(handled).ToContainTextAsync("Weight (1) ok, Sleep (44) ok");
        await Browser.ScreenshotAsync(page, "users");

        foreach (var name in new[] { string.Empty, "notifications", "dead-letters", "users" })
        {
            await page.GotoAsync(host.Page(name).AbsoluteUri);
            var html = await page.ContentAsync();
            html.Should().NotContainAny(DashboardHost.AccessToken(Handled), DashboardHost.RefreshToken(Handled), DashboardHost.AccessToken(Quiet), "secret-");
        }
    }

    [Test]
    public async Task AnonymousVisitor_IsRefused_InTheBrowserToo()
    {
        await using var host = await DashboardHost.StartAsync(Handled);
        var context = await Browser.ContextAsync(_browser);
        var page = await context.NewPageAsync();

        var url = host.Page(string.Empty).AbsoluteUri;

        // Chromium shows its own error page for a 401 without a body, and Playwright reports that navigation as
        // failed: the answer itself is what counts.
        var response = await page.RunAndWaitForResponseAsync(
            async () =>
            {
                try
                {
                    await page.GotoAsync(url);
                }
                catch (PlaywrightException)
                {
                }
            },
            url);

        response.Status.Should().Be((int)HttpStatusCode.Unauthorized);
        (await response.TextAsync()).Should().NotContain("Withings receiver");
    }

    private async Task<IPage> NewAdminPageAsync()
    {
        var context = await Browser.ContextAsync(_browser, new Dictionary<string, string>
        {
            [DashboardHost.UserHeader] = "operator",
            [DashboardHost.RoleHeader] = DashboardHost.AdminRole,
        });
        return await context.NewPageAsync();
    }

    private static string Weighin(long userId, long startdate = 1530576000) =>
        $"userid={userId}&appli=1&startdate={startdate}&enddate=1530698753";
}
