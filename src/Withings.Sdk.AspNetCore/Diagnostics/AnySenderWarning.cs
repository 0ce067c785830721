using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Warns once at start when the receiver runs unprotected on purpose (<c>AllowAnySender</c> with neither a secret nor
/// a network list): the validator lets that through, so the log is the only place an operator would notice it.
/// </summary>
internal sealed class AnySenderWarning(IOptions<WithingsReceiverOptions> options, ILogger<AnySenderWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var current = options.Value;
        if (current.AllowAnySender && string.IsNullOrEmpty(current.CallbackSecret) && current.AllowedNetworks.Count == 0)
        {
            ReceiverLog.AnySenderAllowed(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
