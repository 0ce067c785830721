using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests;

internal static class ReceiverBuilderTestExtensions
{
    public static WithingsReceiverBuilder RecordInto(this WithingsReceiverBuilder receiver, RecordingHandler handler, RecordingDeadLetterSink? deadLetters = null)
    {
        receiver.AddHandler(handler.HandleAsync);
        if (deadLetters is not null)
        {
            receiver.Services.AddSingleton(deadLetters);
        }

        return receiver;
    }
}
