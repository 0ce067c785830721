namespace Withings.Sdk.AspNetCore;

/// <summary>A handler given as a lambda.</summary>
internal sealed class DelegateNotificationHandler(Func<WithingsNotification, FetchPlan, CancellationToken, Task> handle) : IWithingsNotificationHandler
{
    public Task HandleAsync(WithingsNotification notification, FetchPlan plan, CancellationToken cancellationToken) =>
        handle(notification, plan, cancellationToken);
}
