using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>No personal data, body value or secret reaches a log with the default settings, and no log line is forged.</summary>
public sealed class PersonalDataLogTests : TemporaryStoreTest
{
    private const string Secret = "Zq81-request-log-secret-77";

    [Test]
    public async Task DeadLetterWarning_BodyWithAnEmail_LogsReasonLengthAndHashButNoValue()
    {
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()));
        const string Body = "email=jane.doe%40example.com&name=Jane+Doe&note=not-a-notification";

        (await host.PostAsync(Body)).Dispose();
        var record = await WaitForAsync(host, r => r.Category == "Withings.Sdk.AspNetCore.DeadLetterWriter");

        record.Message.Should().Contain("Unparseable").And.Contain($"{Body.Length} bytes").And.Contain("sha256 ");
        AllText(host).Should().NotContain("jane").And.NotContain("Jane").And.NotContain("example.com");
    }

    [Test]
    public async Task UnparseableBody_MalformedUserIdAndANewline_LogsNameTheFieldNotTheValueOnOneLine()
    {
        var deadLetters = new RecordingDeadLetterSink();
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler(), deadLetters));

        (await host.PostAsync("appli=1&userid=jane.doe%0A2026-12-01 info: forged line")).Dispose();
        (await host.PostAsync("appli=1&userid=1&userid=2%0Dforged&startdate=1530576000")).Dispose();
        (await host.PostAsync("appli=1&userid=1&x%0Ay=1&x%0Ay=2")).Dispose();
        // Handled concurrently: the three dead letters come in any order.
        var errors = new[] { (await deadLetters.NextAsync()).Error, (await deadLetters.NextAsync()).Error, (await deadLetters.NextAsync()).Error };

        errors.Should().Contain("userid: malformed");
        var messages = host.Logs.GetSnapshot().Select(r => r.Message).ToList();
        messages.Should().Contain(m => m.Contains("userid: malformed", StringComparison.Ordinal));
        messages.Should().Contain(m => m.Contains("undocumented field of 3 characters: sent twice with different values", StringComparison.Ordinal));
        string.Join("\n", messages).Should().NotContain("jane").And.NotContain("forged");
        messages.Should().OnlyContain(m => !m.Contains('\n') && !m.Contains('\r'));
    }

    [Test]
    public async Task UnparseableBody_UnknownFieldNameHoldingAPersonalValue_LogsItsLengthNotTheName()
    {
        // A sender that puts a person's name in a field's name: an unknown field sent twice with different values is
        // the one error that names a field Withings does not send. Every dead letter is logged, whatever the store.
        await using var host = await ReceiverHost.StartAsync(r => r.RecordInto(new RecordingHandler()));

        (await host.PostAsync("appli=1&userid=1&JaneDoe1985=1&JaneDoe1985=2")).Dispose();
        var record = await WaitForAsync(host, r => r.Category == "Withings.Sdk.AspNetCore.DeadLetterWriter");

        record.Message.Should().EndWith("undocumented field of 11 characters: sent twice with different values");
        host.Logs.GetSnapshot().Should().Contain(r => r.Category == "Withings.Sdk.AspNetCore.NotificationEndpoint" && r.Message.Contains("undocumented field of 11 characters", StringComparison.Ordinal));
        AllText(host).Should().NotContain("JaneDoe").And.NotContain("Jane");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task RequestLog_PlainWebApplicationBuilder_SecretAppearsOnlyWithoutTheDocumentedFilter(bool documentedFilter)
    {
        // A plain builder, default logging levels (Information), as an application starts out; a capturing provider
        // replaces the console (test output shows no log lines), and the one line the docs ask for.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders(); // the levels stay the defaults; only the console's copy of the lines goes
        builder.Logging.AddFakeLogging();
        if (documentedFilter)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        }

        builder.Services.AddWithingsNotifications().AddReceiver(o =>
        {
            o.CallbackSecret = Secret;
            o.StorePath = StorePath;
        }).AddHandler((_, _, _) => Task.CompletedTask);
        await using var app = builder.Build();
        app.MapWithingsNotifications();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TestTimeouts.Wait };

        (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/withings/notify?secret=" + Secret))).Dispose();
        (await client.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), new StringContent(Payloads.SeedExample, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"))).Dispose();
        (await client.PostAsync(new Uri("/withings/notify?secret=" + Secret, UriKind.Relative), new StringContent(Payloads.Garbage, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"))).Dispose();
        (await client.GetAsync(new Uri("/withings/notify?secret=wrong-" + Secret, UriKind.Relative))).Dispose();
        await app.StopAsync();

        var logged = string.Join("\n", app.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message + " " + r.Exception));
        if (documentedFilter)
        {
            logged.Should().NotContain(Secret);
        }
        else
        {
            logged.Should().Contain(Secret, "ASP.NET Core's request log prints the query string: the reason the filter is documented");
        }
    }

    private static string AllText(ReceiverHost host) =>
        string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception + " " + string.Join(",", r.StructuredState ?? [])));

    // Polls the log (the sink writes from the background dispatcher); the guard only bounds a broken run.
    private static async Task<FakeLogRecord> WaitForAsync(ReceiverHost host, Func<FakeLogRecord, bool> match)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            if (host.Logs.GetSnapshot().FirstOrDefault(match) is { } record)
            {
                return record;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
