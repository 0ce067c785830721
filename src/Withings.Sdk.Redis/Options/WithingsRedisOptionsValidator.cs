using Microsoft.Extensions.Options;

namespace Withings.Sdk.Redis;

/// <summary>Checks the Redis settings when the host starts, naming the setting that is wrong.</summary>
internal sealed class WithingsRedisOptionsValidator : IValidateOptions<WithingsRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsRedisOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Withings:Redis:ConnectionString is required (for example 127.0.0.1:6379).");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Length > 100)
        {
            failures.Add("Withings:Redis:KeyPrefix must have 1 to 100 characters.");
        }

        Positive(failures, options.ClaimIdleTime, "ClaimIdleTime");
        Positive(failures, options.PollInterval, "PollInterval");
        Positive(failures, options.RefreshLockTimeToLive, "RefreshLockTimeToLive");
        Positive(failures, options.OutageWait, "OutageWait");
        if (options.ConsumerName is { Length: 0 or > 200 })
        {
            failures.Add("Withings:Redis:ConsumerName must have 1 to 200 characters when set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Withings:Redis:{name} must be positive.");
        }
    }
}
