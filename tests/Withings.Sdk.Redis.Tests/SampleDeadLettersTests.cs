using System.Net;
using System.Text;
using System.Text.Json;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// The sample's <c>deadletters --redis</c> against the dead letters a real <c>serve --redis</c> process wrote: the same
/// <c>IWithingsDeadLetterStore</c> as the durable store's, so the command works unchanged.
/// </summary>
[NonParallelizable]
internal sealed class SampleDeadLettersTests : RedisFixture
{
    private const string UnparseableBody = "hello=world&this=is-not-a-notification";

    [Test]
    public async Task DeadLettersCommand_ListsReplaysAndPurgesWhatServeDeadLetteredInRedis()
    {
        var settings = new Dictionary<string, string> { ["Withings__Redis__KeyPrefix"] = NewPrefix() };
        await using var serve = await ServeProcess.StartAsync(Redis, settings);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using (var content = new StringContent(UnparseableBody, Encoding.UTF8, "application/x-www-form-urlencoded"))
        {
            using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{serve.Port}/withings/notify?secret={RedisReceiverHost.Secret}"), content);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        IReadOnlyList<JsonElement> letters = [];
        await RedisServer.WaitUntilAsync(async () => (letters = await DeadLettersAsync(settings, "list")).Count == 1);
        letters[0].GetProperty("reason").GetString().Should().Be("unparseable");
        letters[0].GetProperty("body").GetString().Should().Be(UnparseableBody);
        var firstId = letters[0].GetProperty("id").GetInt64();

        // Replayed into the shared queue, the running serve reads it again and dead-letters it again, under a new id.
        (await DeadLettersAsync(settings, "replay")).Single().GetProperty("replayed").GetInt32().Should().Be(1);
        await RedisServer.WaitUntilAsync(async () => (letters = await DeadLettersAsync(settings, "list")).Count == 1 && letters[0].GetProperty("id").GetInt64() != firstId);
        letters[0].GetProperty("body").GetString().Should().Be(UnparseableBody);

        (await DeadLettersAsync(settings, "purge")).Single().GetProperty("purged").GetInt32().Should().Be(1);
        (await DeadLettersAsync(settings, "list")).Should().BeEmpty();
    }

    /// <summary>Runs <c>deadletters ACTION --redis</c> as a child process and returns its JSON lines.</summary>
    private async Task<IReadOnlyList<JsonElement>> DeadLettersAsync(IReadOnlyDictionary<string, string> environment, string action)
    {
        var result = await ChildProcess.RunAsync(
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "Withings.Sdk.Sample.dll"), "deadletters", action, "--redis", Redis.Endpoint],
            TimeSpan.FromSeconds(90),
            environment: environment.ToDictionary(e => e.Key, e => (string?)e.Value));
        result.ExitCode.Should().Be(0, result.StandardError + result.StandardOutput);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
    }
}
