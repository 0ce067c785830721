using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>backfill --userid N --since EPOCH</c>: the user's history since EPOCH, fetched with <c>WITHINGS_ACCESS_TOKEN</c>
/// the way the receiver's backfill does it (the planner's requests, each read to its last page, one at a time under
/// the rate limit), handed to a data handler that counts the rows. On a terminal, standard error shows a progress bar;
/// when standard error is redirected, standard output gets one line per request settled,
/// <c>{"ok":true,"userid":N,"done":D,"remaining":R}</c>. The last line has the totals,
/// <c>{"ok":…,"userid":N,"done":D,"remaining":0,"failed":F,"rows":X}</c>, <c>ok</c> false (exit 1) when a request failed.
/// </summary>
internal static class BackfillCommand
{
    public const string Usage = """
        backfill --userid N --since EPOCH
            fetch the user's history since EPOCH (weight and every measure,
            activity, intraday, sleep) with the user's token, one request at a
            time; a progress bar on a terminal, else one line per request;
            the last line has the totals
            e.g. backfill --userid 12345 --since 1704067200
        """;

    private const int BarWidth = 30;

    public static async Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr, bool terminal)
    {
        var userId = args.LongOption("--userid") ?? throw new CommandLineException("--userid N is required");
        var since = args.LongOption("--since") ?? throw new CommandLineException("--since EPOCH is required");
        args.EnsureAllRead();
        var accessToken = Environment.GetEnvironmentVariable(FetchCommand.TokenVariable);
        if (string.IsNullOrWhiteSpace(accessToken))
        {
            output.Error($"{FetchCommand.TokenVariable} is not set: export the user's access token before running backfill");
            return 1;
        }

        var start = DateTimeOffset.FromUnixTimeSeconds(since);
        if (start >= DateTimeOffset.UtcNow)
        {
            throw new CommandLineException("--since: must be in the past");
        }

        var progress = new Progress(userId, output, stderr, terminal);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(SampleConfiguration.Load());
        builder.Logging.AddProvider(new StandardErrorLoggerProvider(stderr));
        builder.Services.AddSingleton(progress);
        builder.Services.AddSingleton<IWithingsTokenStore>(new OneTokenStore(accessToken));
        builder.Services.AddWithingsNotifications()
            .AddReceiver(o => o.CallbackSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16))) // nothing is received: the command only backfills
            .UseInMemoryQueue()
            .AddSync<CountingDataHandler>()
            .AddBackfill(o => o.OnLink = false)
            .AddBackfillListener<ProgressListener>();
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (OptionsValidationException e)
        {
            throw new CommandLineException("configuration: " + e.Message);
        }

        var planned = await host.Services.GetRequiredService<IWithingsBackfill>().BackfillAsync(userId, start);
        progress.Show(planned);
        var finished = await progress.Finished;
        await host.StopAsync();
        progress.EndBar();
        output.Write(json =>
        {
            json.WriteBoolean("ok", finished.Failed == 0);
            json.WriteNumber("userid", userId);
            json.WriteNumber("done", finished.Done);
            json.WriteNumber("remaining", finished.Remaining);
            json.WriteNumber("failed", finished.Failed);
            json.WriteNumber("rows", progress.Rows);
        });
        return finished.Failed == 0 ? 0 : 1;
    }

    /// <summary>The command's view of the backfill: the bar or the progress lines, the rows, and when it finished.</summary>
    private sealed class Progress(long userId, JsonLines output, TextWriter stderr, bool terminal)
    {
        private readonly TaskCompletionSource<WithingsBackfillProgress> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _rows;

        public Task<WithingsBackfillProgress> Finished => _finished.Task;

        public long Rows => Interlocked.Read(ref _rows);

        public void AddRows(int rows) => Interlocked.Add(ref _rows, rows);

        public void Show(WithingsBackfillProgress progress)
        {
            if (terminal)
            {
                var total = Math.Max(progress.Done + progress.Remaining, 1);
                var filled = progress.Done * BarWidth / total;
                stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rbackfill {userId} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {progress.Done}/{progress.Done + progress.Remaining} requests, {Rows} rows"));
                stderr.Flush();
            }
            else if (progress.Done > 0)
            {
                output.Write(json =>
                {
                    json.WriteBoolean("ok", true);
                    json.WriteNumber("userid", progress.UserId);
                    json.WriteNumber("done", progress.Done);
                    json.WriteNumber("remaining", progress.Remaining);
                });
            }
        }

        public void Finish(WithingsBackfillProgress progress) => _finished.TrySetResult(progress);

        public void EndBar()
        {
            if (terminal)
            {
                stderr.WriteLine();
            }
        }
    }

    private sealed class ProgressListener(Progress progress) : IWithingsBackfillListener
    {
        public Task OnProgressAsync(WithingsBackfillProgress backfill, CancellationToken cancellationToken)
        {
            progress.Show(backfill);
            return Task.CompletedTask;
        }

        public Task OnUserFinishedAsync(WithingsBackfillProgress backfill, CancellationToken cancellationToken)
        {
            progress.Finish(backfill);
            return Task.CompletedTask;
        }
    }

    /// <summary>Where an application stores the data; here, the rows are counted.</summary>
    private sealed class CountingDataHandler(Progress progress) : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
        {
            progress.AddRows(data.Results.Sum(r => r.Rows));
            return Task.CompletedTask;
        }
    }

    /// <summary>The one user's access token; never refreshed (the command ends long before it expires).</summary>
    private sealed class OneTokenStore(string accessToken) : IWithingsTokenStore
    {
        public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken) =>
            Task.FromResult<WithingsTokenPair?>(new WithingsTokenPair(userId, accessToken, "not-used", DateTimeOffset.MaxValue));

        public Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
