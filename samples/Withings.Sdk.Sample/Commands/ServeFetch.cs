using Microsoft.Extensions.DependencyInjection;
using Withings.Sdk.AspNetCore;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>serve --fetch</c>: the receiver runs the sync engine, every user's token is <c>WITHINGS_ACCESS_TOKEN</c>, and
/// standard output gets one line per handled notification, per executed request and per batch.
/// </summary>
internal static class ServeFetch
{
    public static void Add(WithingsReceiverBuilder receiver, string accessToken, TimeSpan handlerDelay)
    {
        receiver.Services.AddSingleton<IWithingsTokenStore>(new SharedTokenStore(accessToken));
        receiver.Services.AddSingleton(new HandlerDelay(handlerDelay));
        receiver.AddSync<PrintingDataHandler>().AddListener<PrintingListener>();
    }

    /// <summary><c>--handler-delay</c>: how long the data handler takes per user's part of a batch.</summary>
    private sealed record HandlerDelay(TimeSpan Value);

    /// <summary>Prints each notification as the plain receiver would, then each request the engine ran for it.</summary>
    private sealed class PrintingDataHandler(JsonLines output, FetchPlanner planner, HandlerDelay delay) : IWithingsDataHandler
    {
        public async Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
        {
            if (delay.Value > TimeSpan.Zero)
            {
                await Task.Delay(delay.Value, cancellationToken);
            }

            foreach (var notification in data.Notifications)
            {
                var requests = planner.Plan(notification).Requests.Count;
                output.Write(json =>
                {
                    json.WriteBoolean("handled", true);
                    json.WriteNumber("appli", (int)notification.Appli);
                    json.WriteNumberOrNull("userid", notification.UserId);
                    json.WriteNumber("requests", requests);
                });
            }

            foreach (var result in data.Results.Concat(data.Failures))
            {
                output.Write(json =>
                {
                    json.WriteBoolean("data", true);
                    json.WriteNumberOrNull("userid", data.UserId);
                    json.WriteString("service", result.Request.Path);
                    json.WriteString("action", result.Request.Action);
                    json.WriteNumber("rows", result.Rows);
                });
            }
        }
    }

    private sealed class PrintingListener(JsonLines output) : IWithingsSyncListener
    {
        public Task OnBatchSyncedAsync(WithingsSyncBatch batch, CancellationToken cancellationToken)
        {
            output.Write(json =>
            {
                json.WriteBoolean("synced", true);
                json.WriteNumber("notifications", batch.Notifications);
                json.WriteNumber("requests", batch.SentRequests);
            });
            return Task.CompletedTask;
        }
    }

    /// <summary>One access token for every user; it is never refreshed (its expiry is far away).</summary>
    private sealed class SharedTokenStore(string accessToken) : IWithingsTokenStore
    {
        public Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken) =>
            Task.FromResult<WithingsTokenPair?>(new WithingsTokenPair(userId, accessToken, "not-used", DateTimeOffset.MaxValue));

        public Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
