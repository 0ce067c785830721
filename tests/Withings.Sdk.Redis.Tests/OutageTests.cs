using System.Net;

namespace Withings.Sdk.Redis.Tests;

[NonParallelizable]
internal sealed class OutageTests : RedisFixture
{
    [Test]
    public async Task RedisStoppedAndStartedUnderLoad_No200WithoutStorage_AndEveryAcknowledgedOneIsHandled()
    {
        var prefix = NewPrefix();
        await using var host = await RedisReceiverHost.StartAsync(Redis, prefix);
        var acknowledged = new List<long>();
        var refused = 0;
        var user = 0L;

        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = Interlocked.Increment(ref user);
                var status = (await host.PostAsync(Payloads.Weight(id))).StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    acknowledged.Add(id);
                }
                else
                {
                    status.Should().Be(HttpStatusCode.ServiceUnavailable);
                    refused++;
                }
            }
        }

        await SendAsync(100);
        (await HealthAsync(host)).Should().Be("Healthy");

        await Redis.StopAsync();
        await SendAsync(50);
        refused.Should().Be(50, "nothing can be stored while Redis is down");
        (await HealthAsync(host)).Should().Be("Unhealthy");

        await Redis.StartAgainAsync();
        await RedisServer.WaitUntilAsync(async () => await HealthAsync(host) == "Healthy");
        await SendAsync(100);

        acknowledged.Should().HaveCountGreaterThanOrEqualTo(200);
        await RedisServer.WaitUntilAsync(() => Task.FromResult(host.Handled.Count >= acknowledged.Count));
        host.Handled.Select(n => n.UserId!.Value).Should().BeEquivalentTo(acknowledged);
    }

    private static async Task<string> HealthAsync(RedisReceiverHost host)
    {
        using var response = await host.Client.GetAsync(new Uri("/health", UriKind.Relative));
        return await response.Content.ReadAsStringAsync();
    }
}
