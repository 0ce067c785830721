using System.Globalization;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.Redis;

/// <summary>The Redis settings' rule that no data annotation states: the heartbeat timeout against its interval.</summary>
internal sealed class WithingsRedisOptionsCustomValidator : IValidateOptions<WithingsRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsRedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // With less, one heartbeat written late would have the other instances take a live one for dead.
        if (options.HeartbeatTimeout < options.HeartbeatInterval * 2)
        {
            return ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"Withings:Redis:HeartbeatTimeout: must be at least twice Withings:Redis:HeartbeatInterval ({options.HeartbeatInterval}), so that one late heartbeat is not taken for a death."));
        }

        return ValidateOptionsResult.Success;
    }
}
