using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

// The receiver on 127.0.0.1 in a process that its parent kills (SIGKILL) and starts again on the same store.
// Standard output, one line each, flushed before the handler returns (so a line printed is a notification handled):
//   listening URL        once started
//   handled USERID       per handled notification
//   deadletter           per dead letter, once stored
// Standard error carries the receiver's own log. A line "stop" or the end of standard input stops it gracefully.
// Other lines are commands, each answered by one line (or "failed COMMAND ERRORTYPE: MESSAGE"):
//   exchange CODE        exchanges an authorization code for a pair, saved to the token store: "exchanged USERID"
//   refresh USERID       refreshes the user's pair through IWithingsAccessTokenProvider: "refreshed USERID"
//   pause-next-save      the next save of a pair completes, prints "saved USERID", and never returns: the new access
//                        token is never handed out, which leaves the process between save and first use ("armed")
//   state USERID         "state USERID zone=ZONE|- cursor=UTCTICKS|- token=SHA256(ACCESS TOKEN)|-", the weight cursor
// Options: --store PATH|memory  --handler-delay MS  --handlers N  --capacity N  --secret S
//          --api URL: the sync engine instead of the per-notification handler, fetching from the Withings look-alike
//          at URL with the token "access-USERID" for each user; "handled USERID" is printed per notification once its user's data
//          was fetched and handed to the data handler.
//          --tokens stored: with --api, the users' pairs come from the receiver's default token store (authorized with
//          "exchange", refreshed against the look-alike) instead of "access-USERID"; --client-id and --client-secret
//          name the application (the look-alike's defaults when absent).
//          --backfill: with --api, backfills too (AddBackfill); "backfilled USERID PATH ACTION START" is printed per
//          backfill request handed to the data handler, "backfill-finished USERID DONE FAILED" per user finished, and
//          the command "backfill USERID SINCE" starts one: "backfill USERID planned N".
//          --hold-after N: once N notifications were handled, every handler call waits (without printing) until the
//          process ends, so that a test that kills it knows a backlog is left, however fast or slow the machine is.
string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

var store = Option("--store", "memory");
var delay = TimeSpan.FromMilliseconds(int.Parse(Option("--handler-delay", "0"), CultureInfo.InvariantCulture));
var handlers = int.Parse(Option("--handlers", "4"), CultureInfo.InvariantCulture);
var capacity = int.Parse(Option("--capacity", "100000"), CultureInfo.InvariantCulture);
var secret = Option("--secret", "crash-test-secret");
var api = Option("--api", string.Empty);
var tokens = Option("--tokens", "shared");
var backfill = args.Contains("--backfill");
var holdAfter = int.Parse(Option("--hold-after", int.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var passed = 0;

// Past --hold-after, the handler never returns on its own: it ends with the process, or when the host cancels it.
async Task HoldIfPastLimitAsync(CancellationToken cancellationToken)
{
    if (Interlocked.Increment(ref passed) > holdAfter)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var gate = new Lock();
void Print(string line)
{
    lock (gate)
    {
        stdout.WriteLine(line);
        stdout.Flush();
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Withings.Sdk.AspNetCore.ReceiverStore", LogLevel.Information);
if (api.Length > 0)
{
    builder.Configuration["Withings:ApiBaseAddress"] = api;

    // The look-alike has no rate limit, and the test is about what survives a kill, not about pacing.
    builder.Configuration["Withings:RateLimit:PermitsPerMinute"] = "100000";
    builder.Configuration["Withings:RateLimit:Burst"] = "1000";
    if (tokens == "stored")
    {
        builder.Configuration["Withings:ClientId"] = Option("--client-id", "look-alike-client-id");
        builder.Configuration["Withings:ClientSecret"] = Option("--client-secret", "look-alike-client-secret");
    }
    else
    {
        builder.Services.AddSingleton<IWithingsTokenStore>(new SharedTokenStore());
    }
}

var receiver = builder.Services.AddWithingsNotifications()
    .AddReceiver(o =>
    {
        o.CallbackSecret = secret;
        o.HandlerConcurrency = handlers;
        o.QueueCapacity = capacity;
        o.DuplicateCacheSize = Math.Max(capacity, 1000);
        o.StorePath = store == "memory" ? null : store;
    })
    .AddHandler(async (notification, _, cancellationToken) =>
    {
        await HoldIfPastLimitAsync(cancellationToken);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        Print(string.Create(CultureInfo.InvariantCulture, $"handled {notification.UserId}"));
    });
if (store == "memory")
{
    receiver.UseInMemoryQueue();
}

if (api.Length > 0)
{
    receiver.Services.AddSingleton(new PrintingDataHandler.Settings(Print, delay, HoldIfPastLimitAsync));
    var sync = receiver.AddSync<PrintingDataHandler>(o =>
    {
        o.BatchWindow = TimeSpan.FromMilliseconds(100);
        o.Retry.BaseDelay = TimeSpan.Zero;
    });
    if (backfill)
    {
        sync.AddBackfill().AddBackfillListener<PrintingBackfillListener>();
    }
}

// Printed once stored (in the durable store's file unless --store memory), so that a line printed is a dead letter kept.
var chosenStore = receiver.Services.Last(d => d.ServiceType == typeof(IWithingsReceiverStore));
receiver.Services.Replace(ServiceDescriptor.Singleton<IWithingsReceiverStore>(services =>
    new PrintingStore(() => Print("deadletter"), (IWithingsReceiverStore)chosenStore.ImplementationFactory!(services))));
var pause = new SavePause();
if (tokens == "stored")
{
    // Around whatever store the receiver chose by default, so that the test sees what the default does.
    var chosen = receiver.Services.Last(d => d.ServiceType == typeof(IWithingsTokenStore) && !d.IsKeyedService);
    receiver.Services.Remove(chosen);
    receiver.Services.AddSingleton<IWithingsTokenStore>(sp => new PausingTokenStore((IWithingsTokenStore)chosen.ImplementationFactory!(sp), pause, Print));
}

await using var app = builder.Build();
app.MapWithingsNotifications();
await app.StartAsync();
Print("listening " + app.Urls.Single());
_ = Task.Run(() =>
{
    while (Console.In.ReadLine() is { } line && line != "stop")
    {
        // Each command runs on its own, so that one paused for good leaves the next ones answered.
        _ = Task.Run(() => Commands.RunAsync(app.Services, pause, line, Print));
    }

    app.Lifetime.StopApplication();
});
await app.WaitForShutdownAsync();
return 0;

internal sealed class PrintingStore(Action print, IWithingsReceiverStore stored) : IWithingsReceiverStore
{
    public async ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken)
    {
        await stored.DeadLetterAsync(notification, reason, description, attempts, cancellationToken);
        print();
    }

    public ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken) => stored.AcceptAsync(notification, cancellationToken);

    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) => stored.ReadAllAsync(cancellationToken);

    public ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken) => stored.CompleteAsync(notification, cancellationToken);

    public void StopAccepting() => stored.StopAccepting();

    public WithingsStoreStatus GetStatus() => stored.GetStatus();

    public ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken) => stored.CheckAsync(cancellationToken);

    public ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken) => stored.ListAsync(cancellationToken);

    public ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken) => stored.ReplayAsync(id, cancellationToken);

    public ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken) => stored.PurgeAsync(id, cancellationToken);
}

/// <summary>Prints each notification of a user's fetched data, after the handler delay.</summary>
internal sealed class PrintingDataHandler(PrintingDataHandler.Settings settings) : IWithingsDataHandler
{
    public async Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
    {
        await settings.Hold(cancellationToken);
        if (settings.Delay > TimeSpan.Zero)
        {
            await Task.Delay(settings.Delay, cancellationToken);
        }

        foreach (var notification in data.Notifications)
        {
            settings.Print(string.Create(CultureInfo.InvariantCulture, $"handled {notification.UserId}"));
        }

        if (data.Notifications.Count == 0)
        {
            // A backfill's request: no notification, one request.
            var request = data.Plan.Requests[0];
            settings.Print(string.Create(CultureInfo.InvariantCulture, $"backfilled {data.UserId} {request.Path} {request.Action} {request.GetField("startdate") ?? request.GetField("startdateymd")}"));
        }
    }

    internal sealed record Settings(Action<string> Print, TimeSpan Delay, Func<CancellationToken, Task> Hold);
}

/// <summary>Prints each user whose backfill finished.</summary>
internal sealed class PrintingBackfillListener(PrintingDataHandler.Settings settings) : IWithingsBackfillListener
{
    public Task OnProgressAsync(WithingsBackfillProgress progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnUserFinishedAsync(WithingsBackfillProgress progress, CancellationToken cancellationToken)
    {
        settings.Print(string.Create(CultureInfo.InvariantCulture, $"backfill-finished {progress.UserId} {progress.Done} {progress.Failed}"));
        return Task.CompletedTask;
    }
}

/// <summary>An access token per user ("access-USERID", so the look-alike can tell whose data it served), never refreshed.</summary>
internal sealed class SharedTokenStore : IWithingsTokenStore
{
    public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken) =>
        Task.FromResult<WithingsTokenPair?>(new WithingsTokenPair(userId, string.Create(CultureInfo.InvariantCulture, $"access-{userId}"), "crash-test-refresh", DateTimeOffset.MaxValue));

    public Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The commands of standard input, for the tests of state that must survive a kill.</summary>
internal static class Commands
{
    public static async Task RunAsync(IServiceProvider services, SavePause pause, string line, Action<string> print)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return;
        }

        try
        {
            switch (words[0])
            {
                case "exchange":
                    var pair = await services.GetRequiredService<IWithingsOAuthClient>().ExchangeCodeAsync(words[1], new Uri("https://receiver.example/withings/callback"));
                    print(string.Create(CultureInfo.InvariantCulture, $"exchanged {pair.UserId}"));
                    break;
                case "refresh":
                    var userId = long.Parse(words[1], CultureInfo.InvariantCulture);
                    var current = await services.GetRequiredService<IWithingsTokenStore>().GetAsync(userId, CancellationToken.None)
                        ?? throw new InvalidOperationException("no pair");
                    await services.GetRequiredService<IWithingsAccessTokenProvider>().RefreshAsync(userId, current.AccessToken);
                    print(string.Create(CultureInfo.InvariantCulture, $"refreshed {userId}"));
                    break;
                case "pause-next-save":
                    pause.Arm();
                    print("armed");
                    break;
                case "backfill":
                    var planned = await services.GetRequiredService<IWithingsBackfill>().BackfillAsync(
                        long.Parse(words[1], CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeSeconds(long.Parse(words[2], CultureInfo.InvariantCulture)));
                    print(string.Create(CultureInfo.InvariantCulture, $"backfill {planned.UserId} planned {planned.Remaining}"));
                    break;
                case "state":
                    var user = long.Parse(words[1], CultureInfo.InvariantCulture);
                    var context = await services.GetRequiredService<IWithingsUserContextStore>().GetAsync(user, CancellationToken.None);
                    var stored = await services.GetRequiredService<IWithingsTokenStore>().GetAsync(user, CancellationToken.None);
                    var cursor = context.GetCursor(NotificationCategory.Weight)?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-";
                    var token = stored is null ? "-" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(stored.AccessToken)));
                    print(string.Create(CultureInfo.InvariantCulture, $"state {user} zone={context.TimeZone ?? "-"} cursor={cursor} token={token}"));
                    break;
                default:
                    print("failed " + words[0] + " unknown command");
                    break;
            }
        }
#pragma warning disable CA1031 // Reported to the test, which decides.
        catch (Exception e)
#pragma warning restore CA1031
        {
            print("failed " + words[0] + " " + e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "));
        }
    }
}

/// <summary>Armed by a command: the next save completes, is reported, and then never returns.</summary>
internal sealed class SavePause
{
    private int _armed;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public bool TakeArmed() => Interlocked.Exchange(ref _armed, 0) == 1;
}

/// <summary>The receiver's default token store, with a pause after a save when armed.</summary>
internal sealed class PausingTokenStore(IWithingsTokenStore inner, SavePause pause, Action<string> print) : IWithingsUserTokenStore
{
    public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken) => inner.GetAsync(userId, cancellationToken);

    public async Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken)
    {
        await inner.SaveAsync(tokens, cancellationToken);
        if (pause.TakeArmed())
        {
            // Saved (the store returned: durable), not yet handed to anyone: the test kills the process here.
            print(string.Create(CultureInfo.InvariantCulture, $"saved {tokens.UserId}"));
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }
    }

    public Task<IReadOnlyList<long>> GetUserIdsAsync(CancellationToken cancellationToken) => ((IWithingsUserTokenStore)inner).GetUserIdsAsync(cancellationToken);

    public Task RemoveAsync(long userId, CancellationToken cancellationToken) => ((IWithingsUserTokenStore)inner).RemoveAsync(userId, cancellationToken);
}
