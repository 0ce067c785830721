using System.Threading.Channels;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>A dead-letter sink that records; tests await the records.</summary>
internal sealed class RecordingDeadLetterSink : IWithingsDeadLetterSink
{
    private readonly Channel<WithingsDeadLetter> _deadLetters = Channel.CreateUnbounded<WithingsDeadLetter>();

    public ValueTask WriteAsync(WithingsDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        _deadLetters.Writer.TryWrite(deadLetter);
        return ValueTask.CompletedTask;
    }

    public async Task<WithingsDeadLetter> NextAsync() => await _deadLetters.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Wait);

    public bool TryNext(out WithingsDeadLetter? deadLetter) => _deadLetters.Reader.TryRead(out deadLetter);
}
