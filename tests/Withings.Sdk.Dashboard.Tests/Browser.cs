using Microsoft.Playwright;

namespace Withings.Sdk.Dashboard.Tests;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, or <c>WITHINGS_CHROMIUM</c>), headless, driven by Playwright: one
/// browser for the tests of a fixture, a new context (cookies, headers) per test. Playwright's own browser download is
/// never used: eng/test.sh installs the Debian package when it is missing.
/// </summary>
internal static class Browser
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("WITHINGS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        File.Exists(ExecutablePath).Should().BeTrue($"the browser tests drive Debian's chromium at {ExecutablePath}: run eng/test.sh, or apt-get install chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
        return (playwright, browser);
    }

    /// <summary>A context whose requests carry the given headers (the test's sign-in).</summary>
    public static Task<IBrowserContext> ContextAsync(IBrowser browser, Dictionary<string, string>? headers = null) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = headers ?? [],
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });

    /// <summary>
    /// Opens the page again until <paramref name="selector"/> matches: the receiver handles notifications in the
    /// background, and the page shows the state at the time it was served. Waits for the condition, up to a generous limit.
    /// </summary>
    public static async Task<ILocator> OpenUntilAsync(IPage page, Uri url, string selector)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await page.GotoAsync(url.AbsoluteUri);
            response!.Status.Should().Be(200);
            var locator = page.Locator(selector);
            if (await locator.CountAsync() > 0)
            {
                return locator;
            }

            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"{url} never showed {selector}; last page:\n{await page.ContentAsync()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// With <c>WITHINGS_UPDATE_SCREENSHOTS=1</c>, saves the page as docs/images/dashboard-<paramref name="name"/>.png
    /// for docs/dashboard.md; otherwise writes nothing.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("WITHINGS_UPDATE_SCREENSHOTS") != "1")
        {
            return;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Withings.Sdk.sln")))
        {
            root = root.Parent;
        }

        root.Should().NotBeNull("the screenshots go to the repository's docs/images");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(root!.FullName, "docs", "images", $"dashboard-{name}.png"), FullPage = true });
    }
}
