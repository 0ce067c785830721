namespace Withings.Sdk;

/// <summary>Waits on a <see cref="TimeProvider"/> on every target framework, so that fake clocks drive the waits in tests.</summary>
internal static class ClockDelay
{
    public static Task WaitAsync(this TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

#if NET8_0_OR_GREATER
        return Task.Delay(delay, timeProvider, cancellationToken);
#else
        return timeProvider.Delay(delay, cancellationToken);
#endif
    }
}
