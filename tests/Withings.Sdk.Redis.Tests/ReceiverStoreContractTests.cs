using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Redis.Tests;

/// <summary>
/// One contract, three backends: what <see cref="IWithingsReceiverStore"/> promises, run against the in-memory store,
/// the SQLite store on a real file and the Redis store on a real redis-server, each resolved as an application would.
/// </summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("redis")]
[NonParallelizable]
internal sealed class ReceiverStoreContractTests(string backend) : RedisFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly List<string> _files = [];
    private readonly List<ServiceProvider> _providers = [];

    [TearDown]
    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _providers.Clear();
        foreach (var file in _files)
        {
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }

        _files.Clear();
    }

    [Test]
    public async Task Accept_New_IsAccepted_TheSameAgain_IsADuplicate()
    {
        var (store, parse) = Open();

        (await store.AcceptAsync(parse(Payloads.Weight(1)), default)).Should().Be(WithingsAcceptResult.Accepted);
        (await store.AcceptAsync(parse(Payloads.Weight(1)), default)).Should().Be(WithingsAcceptResult.Duplicate);
        (await store.AcceptAsync(parse(Payloads.Weight(2)), default)).Should().Be(WithingsAcceptResult.Accepted);

        (await store.CheckAsync(default)).Held.Should().Be(2, "the duplicate was not appended");
    }

    [Test]
    public async Task Accept_PastTheCapacity_IsFull_AndTheRefusedOneIsNoDuplicateLater()
    {
        var (store, parse) = Open(capacity: 2);
        (await store.AcceptAsync(parse(Payloads.Weight(1)), default)).Should().Be(WithingsAcceptResult.Accepted);
        (await store.AcceptAsync(parse(Payloads.Weight(2)), default)).Should().Be(WithingsAcceptResult.Accepted);

        (await store.AcceptAsync(parse(Payloads.Weight(3)), default)).Should().Be(WithingsAcceptResult.Full);

        // Room again: Withings' retry of the refused one is new, not a duplicate.
        var first = await ReadOneAsync(store);
        await store.CompleteAsync(first, default);
        (await store.AcceptAsync(parse(Payloads.Weight(3)), default)).Should().Be(WithingsAcceptResult.Accepted);
    }

    [Test]
    public async Task Accept_AfterStopAccepting_IsStopping()
    {
        var (store, parse) = Open();
        store.StopAccepting();

        (await store.AcceptAsync(parse(Payloads.Weight(1)), default)).Should().Be(WithingsAcceptResult.Stopping);
        (await store.CheckAsync(default)).Held.Should().Be(0);
    }

    [Test]
    public async Task Accept_AnUnparseableBodyTwice_AcceptsBoth()
    {
        var (store, parse) = Open();

        (await store.AcceptAsync(parse("garbage"), default)).Should().Be(WithingsAcceptResult.Accepted);
        (await store.AcceptAsync(parse("garbage"), default)).Should().Be(WithingsAcceptResult.Accepted, "a body without a duplicate key is never a duplicate");
    }

    [Test]
    public async Task DeadLetter_MovesTheNotification_NotReadableAgain_AndListed()
    {
        var (store, parse) = Open();
        await store.AcceptAsync(parse(Payloads.Weight(7)), default);
        var item = await ReadOneAsync(store);

        await store.DeadLetterAsync(item, WithingsDeadLetterReason.HandlerFailed, "handler down", 3, default);

        var letter = (await store.ListAsync(default)).Should().ContainSingle().Subject;
        letter.Reason.Should().Be(WithingsDeadLetterReason.HandlerFailed);
        letter.Body.Should().Be(Payloads.Weight(7));
        letter.Error.Should().Be("handler down");
        letter.Attempts.Should().Be(3);
        (await store.CheckAsync(default)).Held.Should().Be(0, "the notification left the queue with the move");

        // Completing it afterwards changes nothing, and nothing is handed out again.
        await store.CompleteAsync(item, default);
        store.StopAccepting();
        (await ReadRestAsync(store)).Should().BeEmpty();
        (await store.ListAsync(default)).Should().ContainSingle();
    }

    [Test]
    public async Task Replay_MovesTheDeadLetterBackIntoTheQueue()
    {
        var (store, parse) = Open();
        await store.AcceptAsync(parse(Payloads.Weight(8)), default);
        await store.DeadLetterAsync(await ReadOneAsync(store), WithingsDeadLetterReason.HandlerFailed, "handler down", 1, default);

        (await store.ReplayAsync(null, default)).Should().Be(1);

        (await store.ListAsync(default)).Should().BeEmpty();
        (await ReadOneAsync(store)).Body.Should().Be(Payloads.Weight(8));
        (await store.PurgeAsync(null, default)).Should().Be(0);
    }

    [Test]
    public async Task HandingOutAWindowLessBody_ForgetsItsKey_AWindowedOneKeepsIt()
    {
        var (store, parse) = Open();
        (await store.AcceptAsync(parse("userid=5&appli=58"), default)).Should().Be(WithingsAcceptResult.Accepted);
        (await store.AcceptAsync(parse("userid=5&appli=58"), default)).Should().Be(WithingsAcceptResult.Duplicate, "while it waits, the same body is the same work");
        await store.CompleteAsync(await ReadOneAsync(store), default);
        (await store.AcceptAsync(parse("userid=5&appli=58"), default)).Should().Be(WithingsAcceptResult.Accepted, "once handed out, the same body is new data");

        (await store.AcceptAsync(parse(Payloads.Weight(9)), default)).Should().Be(WithingsAcceptResult.Accepted);
        var taken = new List<ReceivedNotification> { await ReadOneAsync(store), await ReadOneAsync(store) };
        taken.Select(n => n.Body).Should().BeEquivalentTo("userid=5&appli=58", Payloads.Weight(9));
        (await store.AcceptAsync(parse(Payloads.Weight(9)), default)).Should().Be(WithingsAcceptResult.Duplicate, "a windowed body again is Withings' retry");
    }

    [Test]
    public async Task Status_NamesTheBackend_AndCountsWhatIsHeld()
    {
        var (store, parse) = Open();
        await store.AcceptAsync(parse(Payloads.Weight(10)), default);

        var status = await store.CheckAsync(default);

        status.Backend.Should().Be(backend);
        status.IsDurable.Should().Be(backend != "memory");
        status.Condition.Should().Be(WithingsStoreCondition.Healthy);
        status.Held.Should().Be(1);
        status.HeldBytes.Should().Be(Payloads.Weight(10).Length);
        status.OldestAge.Should().NotBeNull();
        store.GetStatus().Backend.Should().Be(backend);
    }

    private static async Task<ReceivedNotification> ReadOneAsync(IWithingsReceiverStore store)
    {
        using var stop = new CancellationTokenSource(Wait);
        await using var reader = store.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        (await reader.MoveNextAsync()).Should().BeTrue();
        return reader.Current;
    }

    private static async Task<List<ReceivedNotification>> ReadRestAsync(IWithingsReceiverStore store)
    {
        using var stop = new CancellationTokenSource(Wait);
        var rest = new List<ReceivedNotification>();
        await foreach (var item in store.ReadAllAsync(stop.Token))
        {
            rest.Add(item);
        }

        return rest;
    }

    private (IWithingsReceiverStore Store, Func<string, ReceivedNotification> Parse) Open(int capacity = 100)
    {
        var file = Path.Combine(Path.GetTempPath(), "withings-sdk-tests", $"contract-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        _files.Add(file);
        var services = new ServiceCollection();
        services.AddLogging();
        var withings = services.AddWithingsNotifications();
        if (backend == "redis")
        {
            withings.UseRedis(Redis.Endpoint, WithingsRedisFeatures.ReceiverStore, o => o.KeyPrefix = NewPrefix());
        }

        var receiver = withings.AddReceiver(o =>
        {
            o.AllowAnySender = true;
            o.StorePath = file;
            o.QueueCapacity = capacity;
        });
        if (backend == "memory")
        {
            receiver.UseInMemoryQueue();
        }

        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var parser = provider.GetRequiredService<NotificationParser>();
        return (provider.GetRequiredService<IWithingsReceiverStore>(), body => parser.TryParse(body, out var parsed, out var error)
            ? ReceivedNotification.Parsed(parsed, DateTimeOffset.UtcNow)
            : ReceivedNotification.Unparseable(body, error, DateTimeOffset.UtcNow));
    }
}
