using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Withings.Sdk.TestSupport;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// The store on a real 1 MiB tmpfs, filled through the endpoint until the disk is full, then grown to 64 MiB without a
/// restart. Needs <c>mount</c> (root); where it is not permitted the test is ignored with a message saying so.
/// </summary>
[NonParallelizable]
public sealed class FullDiskTests
{
    private string _mount = null!;
    private bool _mounted;

    [SetUp]
    public async Task MountSmallFileSystem()
    {
        _mount = TestTemp.NewDirectory("tmpfs-");
        var (exitCode, output) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", _mount);
        if (exitCode != 0)
        {
            Assert.Ignore($"NOT TESTED: the full-disk test needs `mount -t tmpfs` (root), which failed here ({exitCode}: {output.Trim()}).");
        }

        _mounted = true;
    }

    [TearDown]
    public async Task Unmount()
    {
        // A store a failed test left open keeps the mount busy: detached then (-l), so that no mount outlives the run.
        if (_mounted && (await RunAsync("umount", _mount)).ExitCode != 0)
        {
            await RunAsync("umount", "-l", _mount);
        }

        Directory.Delete(_mount, recursive: true);
    }

    [Test]
    public async Task FullDisk_RefusesWith503AndLogsOnce_ThenAcceptsAgainOnceSpaceReturns_WithoutARestart()
    {
        var handled = new HashSet<long>();
        var gate = new Gate();
        var handler = new RecordingHandler { Before = (_, token) => gate.PassAsync(token) };
        var storePath = Path.Combine(_mount, "receiver.db");
        await using var host = await ReceiverHost.StartAsync(
            r => r.RecordInto(handler),
            o =>
            {
                o.StorePath = storePath;
                o.QueueCapacity = 1_000_000;
                o.HandlerConcurrency = 1;
                o.HandlerTimeout = Timeout.InfiniteTimeSpan;
            },
            s => s.AddHealthChecks().AddWithingsReceiver());
        var health = host.Services.GetRequiredService<HealthCheckService>();

        // One at a time until 50 refusals in a row. Near the end a small commit may still fit where a larger one did
        // not: whatever got 200 was stored. Nothing else than 200 and 503 is ever answered.
        var acknowledged = new List<long>();
        var statuses = new List<HttpStatusCode>();
        var userId = 0L;
        var refusedInARow = 0;
        while (refusedInARow < 50)
        {
            var status = await PostAsync(host, ++userId);
            statuses.Add(status);
            if (status == HttpStatusCode.OK)
            {
                acknowledged.Add(userId);
                refusedInARow = 0;
            }
            else
            {
                refusedInARow++;
            }

            statuses.Count.Should().BeLessThan(100_000, "a 1 MiB file system fills long before");
        }

        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.ServiceUnavailable, "the disk is full: Withings retries a 503");
        acknowledged.Should().NotBeEmpty();
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 MiB: {acknowledged.Count} acknowledged, {statuses.Count - acknowledged.Count} refused, the first refusal at post {statuses.IndexOf(HttpStatusCode.ServiceUnavailable) + 1}"));
        var full = await health.CheckHealthAsync();
        full.Status.Should().Be(HealthStatus.Unhealthy);
        full.Entries["withings-receiver"].Description.Should().Contain("disk is full");
        full.Entries["withings-receiver"].Data["store_condition"].Should().Be("unavailable");
        ((string)full.Entries["withings-receiver"].Data["store_reason"]).Should().Contain("disk is full").And.Contain("bytes free");

        // One line for the whole episode, naming the file and the free space; no stack trace anywhere.
        var fullLines = Notable(host);
        fullLines.Should().ContainSingle().Which.Message.Should().Contain(storePath).And.Contain("disk is full").And.Contain("bytes free");
        fullLines.Single().Level.Should().Be(LogLevel.Error);
        host.Logs.GetSnapshot().Should().OnlyContain(r => r.Exception == null);

        (await RunAsync("mount", "-o", "remount,size=64m", _mount)).ExitCode.Should().Be(0);

        // No notification has arrived since: the health check's own probe finds the space.
        var writable = await health.CheckHealthAsync();
        writable.Status.Should().Be(HealthStatus.Healthy);
        writable.Entries["withings-receiver"].Data["store_condition"].Should().Be("healthy");
        var afterLines = Notable(host);
        afterLines.Should().HaveCount(2);
        afterLines[1].Message.Should().Contain(storePath).And.Contain("writable again").And.Contain("refused since");
        afterLines[1].Level.Should().Be(LogLevel.Warning);
        var afterwards = new List<long>();
        for (var i = 0; i < 200; i++)
        {
            var id = ++userId;
            (await PostAsync(host, id)).Should().Be(HttpStatusCode.OK);
            afterwards.Add(id);
        }

        Notable(host).Should().HaveCount(2, "nothing more to say once the store writes again");

        // Nothing acknowledged was lost: every one of them is handled once the handler is let through.
        gate.Open();
        foreach (var _ in acknowledged.Concat(afterwards))
        {
            handled.Add((await handler.NextAsync()).Notification.UserId!.Value);
        }

        handled.Should().BeEquivalentTo(acknowledged.Concat(afterwards));
    }

    // The lines an operator sees at the default level: the store's state changes, and anything else that went wrong
    // (the health check service's own line for each Unhealthy result the test asks for aside, and the start's warning
    // that this test host accepts any sender).
    private static List<FakeLogRecord> Notable(ReceiverHost host) =>
    [
        .. host.Logs.GetSnapshot().Where(r =>
            !r.Category!.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal)
            && !r.Message.StartsWith("The Withings receiver accepts notifications from any sender", StringComparison.Ordinal)
            && r.Level >= LogLevel.Warning),
    ];

    private static async Task<HttpStatusCode> PostAsync(ReceiverHost host, long userId)
    {
        using var response = await host.PostAsync(Payloads.Weight(userId, 1530576000));
        return response.StatusCode;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        try
        {
            var result = await ChildProcess.RunAsync(arguments, TimeSpan.FromMinutes(1), fileName: file);
            return (result.ExitCode, result.Output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, string.Create(CultureInfo.InvariantCulture, $"{file}: {e.Message}"));
        }
    }
}
