using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.Tests.Docs;

// docs/subscriptions.md's "Keeping subscriptions alive" block, verbatim, so that the build proves it compiles (DocsPagesTests
// checks it is still here, line for line).
internal static class SubscriptionsReadmeSnippets
{
    public static async Task KeepAlive(string userToken)
    {
        var services = new ServiceCollection();
        services.AddWithingsNotifications()
            .AddSubscriptionReconciler(reconciler =>
            {
                reconciler.CallbackUrl = new Uri("https://api.example.com/withings/notify?secret=r4nd0m");
                reconciler.Categories = [NotificationCategory.Weight, NotificationCategory.Sleep];
            });
        using var provider = services.BuildServiceProvider();
        var notify = provider.GetRequiredService<IWithingsNotifyClient>();

        // Lists first, subscribes only what is missing, retries a 293; prune revokes this URL's other categories.
        var result = await notify.EnsureSubscriptionsAsync(
            userToken,
            new Uri("https://api.example.com/withings/notify?secret=r4nd0m"),
            [NotificationCategory.Weight, NotificationCategory.Sleep],
            prune: true);
        foreach (var outcome in result.Outcomes)
        {
            Console.WriteLine($"{outcome.Appli}: {outcome.Kind} {outcome.Error?.Meaning}");
        }
    }
}
