using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Starts a backfill over <see cref="WithingsBackfillOptions.Lookback"/> when a user links, once the
/// <c>OnUserLinked</c> handler returned (<see cref="WithingsBackfillOptions.OnLink"/>). A failure to start it is
/// logged and never undoes the link: <see cref="IWithingsBackfill.BackfillAsync"/> can start it later.
/// </summary>
internal sealed class BackfillOnLink(IWithingsBackfill backfill, IOptionsMonitor<WithingsBackfillOptions> options, TimeProvider timeProvider, ILogger<BackfillOnLink> logger)
{
    public async Task StartAsync(long userId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.OnLink)
        {
            return;
        }

        try
        {
            await backfill.BackfillAsync(userId, timeProvider.GetUtcNow() - settings.Lookback, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The link is done (tokens saved, subscriptions ensured): a backfill that did not start is logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            BackfillLog.OnLinkFailed(logger, exception, userId);
        }
    }
}
