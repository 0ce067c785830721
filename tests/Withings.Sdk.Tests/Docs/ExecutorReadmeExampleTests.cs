using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Docs;

/// <summary>docs/running-plans.md's example, compiled and run against the Withings look-alike.</summary>
[NonParallelizable]
public sealed class ExecutorReadmeExampleTests
{
    [Test]
    public async Task ReadmeExample_AgainstAWithingsDouble_PrintsTheRealValues()
    {
        await using var api = (await WithingsLookAlike.StartAsync())
            .ReplyInTurn("/v2/oauth2", WithingsReply.Json(Fixture.Response("requesttoken.json")))
            .ReplyInTurn("/measure", WithingsReply.Json(Fixture.Response("getmeas.page1.json")), WithingsReply.Json(Fixture.Response("getmeas.page3.json")));
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            await Example(["--Withings:ClientId=" + Harness.ClientId, "--Withings:ClientSecret=" + Harness.ClientSecret], services =>
            {
                services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => api.CreateHandler()));
                services.AddLogging(logging => logging.ClearProviders()); // no console lines in the test output
            });
        }
        finally
        {
            Console.SetOut(original);
        }

        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "Weight = 72.00 at 2020-07-08 22:00:00Z",
            "FatRatio = 23.45 at 2020-07-08 22:00:00Z",
            "999 = 71 at 2020-07-10 22:00:00Z");
        api.RequestsTo("/measure").Select(c => c.BearerToken).Should().AllBe("a075f8c14fb8df40b08ebc8508533dc332a6910a");
    }

    // The example's text, with one test hook (the HTTP double) and its top-level statements in a method.
    private static async Task Example(string[] args, Action<IServiceCollection> testHook)
    {
        var builder = Host.CreateApplicationBuilder(args); // Withings:ClientId and Withings:ClientSecret from configuration
        builder.Services.AddWithingsNotifications()
            .UseTokenStore(_ => new InMemoryWithingsTokenStore()); // yours: a table of token pairs per Withings user id
        testHook(builder.Services); // test-only: routes the HTTP calls to the Withings double
        using var host = builder.Build();

        // Once per user: send them to Withings, then exchange the code they come back with (the pair is saved for you).
        var oauth = host.Services.GetRequiredService<IWithingsOAuthClient>();
        var callback = new Uri("https://example.com/withings/callback");
        Uri authorizeUrl = oauth.GetAuthorizeUrl([WithingsScopes.UserMetrics, WithingsScopes.UserActivity], callback, state: "b8a4d1e0");
        await oauth.ExchangeCodeAsync(code: "mtwsikawoqleuroqcluggflrqilrnqbgqvqeuhhh", callback);

        // For each notification: plan, then run.
        var notification = host.Services.GetRequiredService<NotificationParser>().Parse("userid=363&appli=1&startdate=1594245600&enddate=1594418400");
        var plan = host.Services.GetRequiredService<FetchPlanner>().Plan(notification);
        foreach (var result in await host.Services.GetRequiredService<IWithingsDataClient>().ExecuteAsync(plan))
        {
            if (!result.IsSuccess)
            {
                Console.Error.WriteLine(result.Error!.Message); // the other requests of the plan still ran
                continue;
            }

            foreach (var group in result.MeasureGroups)
            {
                foreach (var measure in group.Measures)
                {
                    Console.WriteLine($"{measure.Type} = {measure.Value} at {group.Date:u}"); // Weight = 72.00 at 2020-07-08 22:00:00Z
                }
            }
        }

        _ = authorizeUrl;
    }
}
