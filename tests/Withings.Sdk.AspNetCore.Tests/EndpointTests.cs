using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>The callback URL as Withings sees it, over a real Kestrel on loopback.</summary>
public sealed class EndpointTests
{
    [TestCase("HEAD")]
    [TestCase("GET")]
    public async Task UrlCheck_HeadOrGet_Returns200WithEmptyBody(string method)
    {
        // Withings checks the callback URL with HEAD before subscribing and wants exactly 200; 204 was seen refused
        // (docs/withings-api.md §2).
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler));

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/withings/notify"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        response.Content.Headers.ContentLength.Should().Be(0);
        handler.Count.Should().Be(0);
    }

    [Test]
    public async Task Post_SeedExampleBody_Returns200AndHandlerGetsWeightNotificationAndPlan()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler));

        using var response = await host.PostAsync(Payloads.SeedExample);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        var (notification, plan) = await handler.NextAsync();
        var weight = notification.Should().BeOfType<WeightNotification>().Subject;
        weight.UserId.Should().Be(12345);
        weight.StartDate.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1530576000));
        weight.EndDate.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1530698753));
        weight.Fields["foo"].Should().Be("bar");

        // The seed: "you can call the Measure - Getmeas service", for every measure type (docs/planning.md, appli 1).
        plan.Requests.Should().ContainSingle();
        plan.Requests[0].Path.Should().Be("/measure");
        plan.Requests[0].Form.Should().Equal(
            new KeyValuePair<string, string>("action", "getmeas"),
            new KeyValuePair<string, string>("category", "1"),
            new KeyValuePair<string, string>("startdate", "1530576000"),
            new KeyValuePair<string, string>("enddate", "1530698753"));
    }

    [Test]
    public async Task Post_SameNotificationTwice_HandledOnceAndBothAcknowledged()
    {
        // Withings retries (2 tries per cycle, 5 cycles): delivery is at least once (docs/withings-api.md §1).
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.HandlerConcurrency = 1);

        using var first = await host.PostAsync(Payloads.SeedExample);
        using var second = await host.PostAsync("userid=12345&appli=1&startdate=1530576000&enddate=1530698753&foo=bar");
        using var third = await host.PostAsync(Payloads.CapturedSleep);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        third.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.Should().BeOfType<WeightNotification>();

        // One handler slot and a FIFO queue: had the duplicate been queued, it would come before the sleep one.
        (await handler.NextAsync()).Notification.Should().BeOfType<SleepNotification>();
        handler.Count.Should().Be(2);
    }

    [Test]
    public async Task Post_UnparseableBody_Returns200AndDeadLettersItWithTheBody()
    {
        var handler = new RecordingHandler();
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler, deadLetters));

        using var response = await host.PostAsync(Payloads.Garbage);

        // 400 would make Withings retry a body that will never parse.
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var deadLetter = await deadLetters.NextAsync();
        deadLetter.Reason.Should().Be(WithingsDeadLetterReason.Unparseable);
        deadLetter.Body.Should().Be("hello=world&this=is-not-a-notification");
        deadLetter.Error.Should().Be("appli: missing");
        deadLetter.Notification.Should().BeNull();
        deadLetter.Attempts.Should().Be(0);
        handler.Count.Should().Be(0);
    }

    [Test]
    public async Task Post_BodyAboveMaxBodyBytesWithContentLength_Returns413AndHandsNothingOver()
    {
        var handler = new RecordingHandler();
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler, deadLetters),
            services: s => s.Configure<WithingsOptions>(o => o.Parser.MaxBodyBytes = 100));

        using var response = await host.PostAsync(Payloads.SeedExample + "&padding=" + new string('x', 100));
        using var next = await host.PostAsync(Payloads.SeedExample);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        next.StatusCode.Should().Be(HttpStatusCode.OK);
        (await handler.NextAsync()).Notification.UserId.Should().Be(12345);
        handler.Count.Should().Be(1);
        deadLetters.TryNext(out _).Should().BeFalse();
    }

    [Test]
    public async Task Post_ChunkedBodyAboveMaxBodyBytes_Returns413()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            services: s => s.Configure<WithingsOptions>(o => o.Parser.MaxBodyBytes = 100));

        // No Content-Length: the bounded read must stop it.
        using var content = new StreamContent(new MemoryStream(new byte[10_000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/withings/notify") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Put_AnyBody_Returns405()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler));

        using var response = await host.Client.PutAsync(new Uri("/withings/notify", UriKind.Relative), new StringContent(Payloads.SeedExample));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }
}
