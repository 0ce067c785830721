using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Withings.Sdk.AspNetCore.Tests;

internal static class ReceiverBuilderTestExtensions
{
    public static WithingsReceiverBuilder RecordInto(this WithingsReceiverBuilder receiver, RecordingHandler handler, RecordingDeadLetterSink? deadLetters = null)
    {
        receiver.AddHandler(handler.HandleAsync);
        if (deadLetters is not null)
        {
            receiver.Services.Replace(ServiceDescriptor.Singleton<IWithingsDeadLetterSink>(deadLetters));
        }

        return receiver;
    }
}
