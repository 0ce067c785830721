using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Withings.Sdk;
using Withings.Sdk.AspNetCore;

// The receiver on 127.0.0.1 in a process that its parent kills (SIGKILL) and starts again on the same store.
// Standard output, one line each, flushed before the handler returns (so a line printed is a notification handled):
//   listening URL        once started
//   handled USERID       per handled notification
//   deadletter           per dead letter
// Standard error carries the receiver's own log. A line "stop" or the end of standard input stops it gracefully.
// Options: --store PATH|memory  --handler-delay MS  --handlers N  --capacity N  --secret S
//          --api URL: the sync engine instead of the per-notification handler, fetching from the Withings look-alike
//          at URL with the token "access-USERID" for each user; "handled USERID" is printed per notification once its user's data
//          was fetched and handed to the data handler.
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
    builder.Services.AddSingleton<IWithingsTokenStore>(new SharedTokenStore());
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
    receiver.AddSync<PrintingDataHandler>(o =>
    {
        o.BatchWindow = TimeSpan.FromMilliseconds(100);
        o.RetryBaseDelay = TimeSpan.Zero;
    });
}

receiver.Services.AddSingleton<IWithingsDeadLetterSink>(new PrintingSink(() => Print("deadletter")));
await using var app = builder.Build();
app.MapWithingsNotifications();
await app.StartAsync();
Print("listening " + app.Urls.Single());
_ = Task.Run(() =>
{
    while (Console.In.ReadLine() is { } line && line != "stop")
    {
    }

    app.Lifetime.StopApplication();
});
await app.WaitForShutdownAsync();
return 0;

internal sealed class PrintingSink(Action print) : IWithingsDeadLetterSink
{
    public ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        print();
        return ValueTask.CompletedTask;
    }
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
    }

    internal sealed record Settings(Action<string> Print, TimeSpan Delay, Func<CancellationToken, Task> Hold);
}

/// <summary>An access token per user ("access-USERID", so the look-alike can tell whose data it served), never refreshed.</summary>
internal sealed class SharedTokenStore : IWithingsTokenStore
{
    public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken) =>
        Task.FromResult<WithingsTokenPair?>(new WithingsTokenPair(userId, string.Create(CultureInfo.InvariantCulture, $"access-{userId}"), "crash-test-refresh", DateTimeOffset.MaxValue));

    public Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken) => Task.CompletedTask;
}
