using Withings.Sdk;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.Testing;

namespace Withings.Sdk.Example.AspNetCore;

/// <summary>
/// <c>--offline</c>: Withings.Sdk.Testing's Withings look-alike, on 127.0.0.1, stands in for Withings (its API, its
/// authorization page, its demo user), so the whole app runs with no account and no network: a user who linked
/// earlier, a notification posted to the app, the handler printing the data fetched for it.
/// Each offline run starts from an empty store of its own (<c>withings-offline.db</c> beside the app, never the
/// configured <c>StorePath</c>): the look-alike is new each run, and a store kept from the last run would take the
/// same notification posted again for a duplicate, acknowledge it and print nothing.
/// </summary>
internal static class Offline
{
    // The look-alike's user; its measures include Withings' documented example's (2018-07-03).
    private const long UserId = 12345;
    private const string Notification = "userid=12345&appli=1&startdate=1530576000&enddate=1530698753";

    // Another one to post by hand: a blood pressure reading the look-alike has for the user (2024-03-01 06:20 UTC).
    private const string Another = "userid=12345&appli=4&startdate=1709273700&enddate=1709274300";

    public static async Task<WithingsLookAlike> UseLookAlikeAsync(WebApplicationBuilder builder)
    {
        var store = Path.Combine(AppContext.BaseDirectory, "withings-offline.db");
        foreach (var file in new[] { store, store + "-wal", store + "-shm", store + "-journal" })
        {
            File.Delete(file);
        }

        var lookAlike = await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { AcceptAnyAccessToken = false, DefaultUserId = UserId });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Withings:ApiBaseAddress"] = lookAlike.BaseAddress.AbsoluteUri,
            ["Withings:ClientId"] = lookAlike.Options.ClientId,
            ["Withings:ClientSecret"] = lookAlike.Options.ClientSecret,
            ["Withings:Receiver:StorePath"] = store,
            ["Withings:OAuth:AuthorizeEndpoint"] = lookAlike.AuthorizeEndpoint.AbsoluteUri,
            ["Withings:Notify:ValidateCallbackUrls"] = "false", // the look-alike is happy with http://127.0.0.1
            ["Withings:Notify:SubscribeSpacing"] = "00:00:00",
            ["Withings:Linking:AllowDemoUser"] = "true",
        });

        // Only this machine can post notifications, so the curl below needs no callback secret.
        builder.Services.PostConfigure<WithingsReceiverOptions>(o =>
        {
            o.CallbackSecret = null;
            o.AllowedNetworks.Clear();
            o.AllowedNetworks.Add("127.0.0.0/8");
            o.AllowedNetworks.Add("::1/128");
        });
        return lookAlike;
    }

    public static async Task PostANotificationAsync(WebApplication app, WithingsLookAlike lookAlike)
    {
        var address = new Uri(app.Urls.First());
        var callback = new Uri(address, "/withings/notify");

        // A user who linked earlier: a token pair the look-alike accepts, in the app's token store, and subscriptions.
        var accessToken = "offline-access-" + Guid.NewGuid().ToString("N");
        var refreshToken = "offline-refresh-" + Guid.NewGuid().ToString("N");
        lookAlike.AddUser(UserId, accessToken, refreshToken);
        await app.Services.GetRequiredService<IWithingsTokenStore>().SaveAsync(
            new WithingsTokenPair(UserId, accessToken, refreshToken, DateTimeOffset.UtcNow.AddHours(3), "user.metrics,user.activity"), app.Lifetime.ApplicationStopping);
        var subscriptions = await app.Services.GetRequiredService<IWithingsNotifyClient>().EnsureSubscriptionsAsync(
            accessToken, callback, [NotificationCategory.Weight, NotificationCategory.BloodPressure, NotificationCategory.Sleep], cancellationToken: app.Lifetime.ApplicationStopping);
        Console.WriteLine($"offline: Withings look-alike at {lookAlike.BaseAddress}; user {UserId} is linked and subscribed to {string.Join(", ", subscriptions.Subscribed)}");

        // What Withings would post when user 12345 weighs in (Withings' documented example).
        Console.WriteLine($"offline: posting {Notification} to {callback}; the handler's lines follow");
        using var http = new HttpClient();
        using var content = new StringContent(Notification, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(callback, content, app.Lifetime.ApplicationStopping);
        if (!response.IsSuccessStatusCode)
        {
            Console.WriteLine($"offline: the app answered {(int)response.StatusCode} to the notification");
        }

        // The same body again is what Withings sends when it retries: acknowledged and not handled twice. Another body is.
        Console.WriteLine($"offline: post another: curl -d '{Another}' {callback}");
        Console.WriteLine($"offline: the dashboard (this machine only): open {new Uri(address, "/withings/admin/")}");
        Console.WriteLine($"offline: link someone: open {new Uri(address, "/signin?user=you")}, then {new Uri(address, "/withings/link/connect")} (?mode=demo: Withings' demo user)");
    }
}
