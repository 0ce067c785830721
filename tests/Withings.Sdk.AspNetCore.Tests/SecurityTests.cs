using System.Net;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Withings does not sign notifications (docs/withings-api.md §1): a secret in the callback URL and an allow-list of sender networks.</summary>
public sealed class SecurityTests
{
    private const string Secret = "k7Qx2-callback-secret-9fW";

    [TestCase("/withings/notify?secret=k7Qx2-callback-secret-9fW", HttpStatusCode.OK)]
    [TestCase("/withings/notify?secret=wrong-secret-value", HttpStatusCode.NotFound)]
    [TestCase("/withings/notify?secret=k7Qx2-callback-secret-9f", HttpStatusCode.NotFound)]
    [TestCase("/withings/notify?secret=", HttpStatusCode.NotFound)]
    [TestCase("/withings/notify", HttpStatusCode.NotFound)]
    public async Task Post_WithCallbackSecretConfigured_OnlyTheRightSecretIsAccepted(string path, HttpStatusCode expected)
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.CallbackSecret = Secret);

        using var response = await host.PostAsync(Payloads.SeedExample, path);

        response.StatusCode.Should().Be(expected);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task Head_WithWrongSecret_Returns404AndWithRightSecret_Returns200()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.CallbackSecret = Secret);

        using var wrong = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/withings/notify?secret=nope"));
        using var right = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/withings/notify?secret=" + Secret));

        wrong.StatusCode.Should().Be(HttpStatusCode.NotFound);
        right.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Post_SecretAsRouteValue_IsAccepted()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o => o.CallbackSecret = Secret, pattern: "/withings/{secret}/notify");

        using var right = await host.PostAsync(Payloads.SeedExample, "/withings/" + Secret + "/notify");
        using var wrong = await host.PostAsync(Payloads.CapturedSleep, "/withings/not-it/notify");

        right.StatusCode.Should().Be(HttpStatusCode.OK);
        wrong.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Post_WrongAndRightSecrets_NeitherSecretAppearsInAnyLog()
    {
        var handler = new RecordingHandler();
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler, deadLetters), o => o.CallbackSecret = Secret);

        using var wrong = await host.PostAsync(Payloads.SeedExample, "/withings/notify?secret=guessed-secret-123");
        using var missing = await host.PostAsync(Payloads.SeedExample);
        using var right = await host.PostAsync(Payloads.Garbage, "/withings/notify?secret=" + Secret);
        await deadLetters.NextAsync();
        await host.StopAsync();

        wrong.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var records = host.Logs.GetSnapshot();
        records.Where(r => r.Message == "Withings notification refused with 404: the callback secret is missing or wrong").Should().HaveCount(2);

        // ASP.NET Core's own request log (Microsoft.AspNetCore.Hosting.Diagnostics, Information) prints request URLs,
        // query included; the templates keep it at Warning, and so does ReceiverHost. Everything else is checked.
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(s => s.Value) ?? []) + " " + record.Exception;
            text.Should().NotContain(Secret, $"category {record.Category} must not log the secret");
            text.Should().NotContain("guessed-secret-123", $"category {record.Category} must not log a wrong secret");
        }
    }

    [Test]
    public async Task Post_SenderInsideAllowedNetworks_IsAccepted()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o =>
        {
            o.AllowedNetworks.Add("198.51.100.0/24");
            o.AllowedNetworks.Add("127.0.0.0/8");
        });

        using var response = await host.PostAsync(Payloads.SeedExample);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Post_SenderOutsideAllowedNetworks_Returns404AndLogsTheSender()
    {
        var handler = new RecordingHandler();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(handler), o =>
        {
            o.AllowedNetworks.Add("198.51.100.0/24");
            o.AllowedNetworks.Add("2001:db8::/32");
        });

        using var post = await host.PostAsync(Payloads.SeedExample);
        using var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/withings/notify"));

        post.StatusCode.Should().Be(HttpStatusCode.NotFound);
        head.StatusCode.Should().Be(HttpStatusCode.NotFound);
        host.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message)
            .Should().Contain("Withings notification refused with 404: sender 127.0.0.1 is outside the allowed networks");
        handler.Count.Should().Be(0);
    }
}
