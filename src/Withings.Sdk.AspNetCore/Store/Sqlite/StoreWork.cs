namespace Withings.Sdk.AspNetCore;

/// <summary>One piece of work for the store's writer: run inside a shared transaction, completed after its commit.</summary>
internal abstract class StoreWork
{
    public abstract void Execute(StoreSession session);

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

/// <summary>Work whose caller awaits the result, available only once the transaction holding it is committed.</summary>
internal sealed class StoreWork<T>(Func<StoreSession, T> run) : StoreWork
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _done.Task;

    public override void Execute(StoreSession session) => _result = run(session);

    public override void Complete() => _done.TrySetResult(_result!);

    public override void Fail(Exception exception) => _done.TrySetException(exception);
}
