using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Withings.Sdk.AspNetCore;

// The receiver on 127.0.0.1 in a process that its parent kills (SIGKILL) and starts again on the same store.
// Standard output, one line each, flushed before the handler returns (so a line printed is a notification handled):
//   listening URL        once started
//   handled USERID       per handled notification
//   deadletter           per dead letter
// Standard error carries the receiver's own log. A line "stop" or the end of standard input stops it gracefully.
// Options: --store PATH|memory  --handler-delay MS  --handlers N  --capacity N  --secret S
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
