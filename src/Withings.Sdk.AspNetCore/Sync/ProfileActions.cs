using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Hands appli 46 to the profile-action callback (when one is registered), then, for <c>unlink</c> and <c>delete</c>,
/// forgets the user's cursors and tokens through the stores.
/// </summary>
internal sealed class ProfileActions(
    IServiceScopeFactory scopes,
    IServiceProvider services,
    IWithingsUserContextStore contexts,
    SyncDeadLetters deadLetters,
    ReceiverMetrics metrics,
    WithingsSyncOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task RunAsync(ReceivedNotification item, BatchCounts counts, CancellationToken abort)
    {
        var notification = (UserProfileNotification)item.Notification!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    if (scope.ServiceProvider.GetService<IWithingsProfileActionHandler>() is { } handler)
                    {
                        await handler.HandleAsync(notification, abort).ConfigureAwait(false);
                    }
                }

                break;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // User code: retried, then dead-lettered; the user is then not forgotten.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (attempt >= options.MaxAttempts)
                {
                    SyncLog.ProfileHandlerGaveUp(logger, exception, attempt);
                    await deadLetters.WriteAsync(new WithingsDeadLetter(item, WithingsDeadLetterReason.HandlerFailed, exception.Message, exception, attempt), abort).ConfigureAwait(false);
                    counts.DeadLettered();
                    return;
                }

                var delay = SyncRetryDelay.After(attempt, options.RetryBaseDelay);
                SyncLog.ProfileHandlerRetrying(logger, exception, attempt, options.MaxAttempts, delay);
                await Task.Delay(delay, timeProvider, abort).ConfigureAwait(false);
            }
        }

        if (notification.UserId is { } userId && notification.Action?.Kind is UserProfileActionKind.Unlink or UserProfileActionKind.Delete)
        {
            await contexts.ForgetAsync(userId, abort).ConfigureAwait(false);
            if (services.GetService<IWithingsTokenStore>() is IWithingsUserTokenStore tokens)
            {
                await tokens.RemoveAsync(userId, abort).ConfigureAwait(false);
            }
        }

        metrics.Handled(notification.Appli);
        metrics.Trail.Handled(item);
    }
}
