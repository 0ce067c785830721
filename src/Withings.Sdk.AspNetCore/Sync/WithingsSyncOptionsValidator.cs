using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>Checks <see cref="WithingsSyncOptions"/> at start; each failure names its setting.</summary>
internal sealed class WithingsSyncOptionsValidator : IValidateOptions<WithingsSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsSyncOptions options)
    {
        var failures = new List<string>();
        if (options.BatchWindow < TimeSpan.Zero || options.BatchWindow > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Sync:BatchWindow must be between 00:00:00 and 00:10:00 (was {options.BatchWindow}).");
        }

        if (options.MaxBatch is < 1 or > 100_000)
        {
            failures.Add($"Sync:MaxBatch must be between 1 and 100000 (was {options.MaxBatch}).");
        }

        if (options.UserConcurrency is < 1 or > 64)
        {
            failures.Add($"Sync:UserConcurrency must be between 1 and 64 (was {options.UserConcurrency}).");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"Sync:MaxAttempts must be between 1 and 100 (was {options.MaxAttempts}).");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"Sync:RetryBaseDelay must be between 00:00:00 and 01:00:00 (was {options.RetryBaseDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
