using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Hands appli 46 to the profile-action callback (when one is registered; each attempt cut at the receiver's
/// <c>HandlerTimeout</c>), then, for <c>unlink</c> and <c>delete</c>,
/// forgets the user's cursors and tokens through the stores.
/// </summary>
internal sealed class ProfileActions(
    RetriedAttempts handlerAttempts,
    IServiceProvider services,
    IWithingsUserContextStore contexts,
    DeliveryLedger ledger,
    ReceiverMetrics metrics)
{
    public async Task RunAsync(ReceivedNotification item, BatchCounts counts, CancellationToken abort)
    {
        var notification = (UserProfileNotification)item.Notification!;
        var (attempts, error) = await handlerAttempts.RunAsync(
            "The Withings profile action handler",
            (scope, token) => scope.GetService<IWithingsProfileActionHandler>()?.HandleAsync(notification, token) ?? Task.CompletedTask,
            1,
            abort).ConfigureAwait(false);
        if (error is not null)
        {
            // Retried, then dead-lettered; the user is then not forgotten.
            await ledger.WriteAsync(new WithingsDeadLetter(item, WithingsDeadLetterReason.HandlerFailed, error.Message, error, attempts), null, abort).ConfigureAwait(false);
            counts.DeadLettered();
            return;
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
    }
}
