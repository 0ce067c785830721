namespace Withings.Sdk.AspNetCore;

/// <summary>
/// How many notifications a stage lets the loop read ahead: the loop takes a place before each read, the stage frees it
/// when the notification no longer needs one (a handler slot, a place in the batch buffer). What the loop did not read
/// stays in the store, where a durable one keeps it across a crash.
/// </summary>
internal sealed class DeliveryRoom(int places) : IDisposable
{
    private readonly SemaphoreSlim _places = new(places, places);

    public Task TakeAsync(CancellationToken abort) => _places.WaitAsync(abort);

    public void Free(int count = 1)
    {
        if (count > 0)
        {
            _places.Release(count);
        }
    }

    public void Dispose() => _places.Dispose();
}
