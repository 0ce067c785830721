namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>Holds a handler until the test opens it, and tells the test when the handler reached it.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task PassAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
    }

    public Task Reached => _reached.Task.WaitAsync(TestTimeouts.Wait);

    public void Open() => _open.TrySetResult();
}
