using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// Records every dead letter the receiver's store is asked to keep, then lets the store keep it; tests await the
/// records. Registered as a singleton instance (<see cref="ReceiverBuilderTestExtensions.RecordInto"/> or by hand), it
/// wraps whatever store was chosen once the hosts call <see cref="Apply"/> after every registration.
/// </summary>
internal sealed class RecordingDeadLetterSink
{
    private readonly Channel<WithingsDeadLetter> _deadLetters = Channel.CreateUnbounded<WithingsDeadLetter>();

    /// <summary>Makes the store's dead letters fail, as a store that cannot write would.</summary>
    public Exception? Failure { get; init; }

    public async Task<WithingsDeadLetter> NextAsync() => await _deadLetters.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Wait);

    public bool TryNext(out WithingsDeadLetter? deadLetter) => _deadLetters.Reader.TryRead(out deadLetter);

    /// <summary>Wraps the registered store when a recorder is registered; the last step before building the host.</summary>
    public static void Apply(IServiceCollection services)
    {
        if (services.LastOrDefault(d => d.ServiceType == typeof(RecordingDeadLetterSink))?.ImplementationInstance is not RecordingDeadLetterSink recorder)
        {
            return;
        }

        var chosen = services.Last(d => d.ServiceType == typeof(IWithingsReceiverStore));
        services.Remove(chosen);
        services.AddSingleton<IWithingsReceiverStore>(sp => new RecordingStore((IWithingsReceiverStore)chosen.ImplementationFactory!(sp), recorder));
    }

    private sealed class RecordingStore(IWithingsReceiverStore inner, RecordingDeadLetterSink recorder) : IWithingsReceiverStore
    {
        public async ValueTask DeadLetterAsync(ReceivedNotification notification, WithingsDeadLetterReason reason, string description, int attempts, CancellationToken cancellationToken)
        {
            // Recorded once the store has it, so that a test reading the store after the record finds it there.
            try
            {
                if (recorder.Failure is { } failure)
                {
                    throw failure;
                }

                await inner.DeadLetterAsync(notification, reason, description, attempts, cancellationToken);
            }
            finally
            {
                recorder._deadLetters.Writer.TryWrite(new WithingsDeadLetter(notification, reason, description, null, attempts));
            }
        }

        public ValueTask<WithingsAcceptResult> AcceptAsync(ReceivedNotification notification, CancellationToken cancellationToken) => inner.AcceptAsync(notification, cancellationToken);

        public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public ValueTask CompleteAsync(ReceivedNotification notification, CancellationToken cancellationToken) => inner.CompleteAsync(notification, cancellationToken);

        public void StopAccepting() => inner.StopAccepting();

        public WithingsStoreStatus GetStatus() => inner.GetStatus();

        public ValueTask<WithingsStoreStatus> CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);

        public ValueTask<IReadOnlyList<WithingsStoredDeadLetter>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public ValueTask<int> ReplayAsync(long? id, CancellationToken cancellationToken) => inner.ReplayAsync(id, cancellationToken);

        public ValueTask<int> PurgeAsync(long? id, CancellationToken cancellationToken) => inner.PurgeAsync(id, cancellationToken);
    }
}
