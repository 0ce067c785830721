using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

/// <summary>
/// A user-context store that cannot be read (a full disk, a database down) does not stop the sync engine: the
/// notification is planned as a new user's and its data still reaches the handler.
/// </summary>
public sealed class SyncContextStoreFailureTests
{
    private const long Alice = 12345;

    [Test]
    public async Task Context_store_that_throws_on_read_still_delivers_the_data_and_keeps_the_engine_running()
    {
        await using var lookAlike = await SyncLookAlike.StartAsync();
        await using var host = await SyncHost.StartAsync(
            lookAlike,
            [Alice],
            services: s => s.AddSingleton<IWithingsUserContextStore, UnreadableContexts>());

        await host.PostAsync(Payloads.Weight(Alice, 1709366400));
        await host.Recorder.WaitForNotificationsAsync(1);
        await host.PostAsync("userid=12345&appli=58");
        await host.Recorder.WaitForNotificationsAsync(2);

        host.Recorder.Data.Should().HaveCount(2).And.OnlyContain(d => d.UserId == Alice && d.Failures.Count == 0);
        lookAlike.Calls.Should().HaveCount(2).And.OnlyContain(c => c.Action == "getmeas");
    }

    private sealed class UnreadableContexts : IWithingsUserContextStore
    {
        public ValueTask<WithingsUserContext> GetAsync(long userId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the context table cannot be read");

        public ValueTask SaveTimeZoneAsync(long userId, string timeZone, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask AdvanceCursorAsync(long userId, NotificationCategory category, DateTimeOffset syncedUpTo, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;

        public ValueTask ForgetAsync(long userId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
