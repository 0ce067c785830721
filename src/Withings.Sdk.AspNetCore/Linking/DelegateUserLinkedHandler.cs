namespace Withings.Sdk.AspNetCore;

/// <summary>An <c>OnUserLinked</c> handler given as a lambda.</summary>
internal sealed class DelegateUserLinkedHandler(Func<WithingsUserLinked, CancellationToken, Task> handle) : IWithingsUserLinkedHandler
{
    public Task HandleAsync(WithingsUserLinked linked, CancellationToken cancellationToken) => handle(linked, cancellationToken);
}
