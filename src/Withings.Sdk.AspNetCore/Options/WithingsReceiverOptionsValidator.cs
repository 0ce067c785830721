using System.Net;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>Checks <see cref="WithingsReceiverOptions"/> at start; messages name the setting, never the secret's value.</summary>
internal sealed class WithingsReceiverOptionsValidator : IValidateOptions<WithingsReceiverOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.QueueCapacity < 1)
        {
            failures.Add($"QueueCapacity: {options.QueueCapacity} must be at least 1.");
        }

        if (options.QueueCapacityBytes < 1)
        {
            failures.Add($"QueueCapacityBytes: {options.QueueCapacityBytes} must be at least 1.");
        }

        if (options.HandlerConcurrency < 1)
        {
            failures.Add($"HandlerConcurrency: {options.HandlerConcurrency} must be at least 1.");
        }

        if (options.HandlerMaxAttempts < 1)
        {
            failures.Add($"HandlerMaxAttempts: {options.HandlerMaxAttempts} must be at least 1 (the first attempt counts).");
        }

        if (options.HandlerRetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add($"HandlerRetryBaseDelay: {options.HandlerRetryBaseDelay} must not be negative.");
        }

        if (options.HandlerTimeout <= TimeSpan.Zero && options.HandlerTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"HandlerTimeout: {options.HandlerTimeout} must be positive (or Timeout.InfiniteTimeSpan for none).");
        }

        if (options.DuplicateTimeToLive <= TimeSpan.Zero)
        {
            failures.Add($"DuplicateTimeToLive: {options.DuplicateTimeToLive} must be positive.");
        }

        if (options.DuplicateCacheSize < 1)
        {
            failures.Add($"DuplicateCacheSize: {options.DuplicateCacheSize} must be at least 1.");
        }

        if (options.CallbackSecret is { } secret && (secret.Length == 0 || secret.Trim().Length != secret.Length))
        {
            failures.Add("CallbackSecret: must be non-empty and have no leading or trailing spaces (leave it unset for no secret).");
        }

        foreach (var network in options.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                failures.Add($"AllowedNetworks: '{network}' is not a network in CIDR notation such as 192.0.2.0/24.");
            }
        }

        if (string.IsNullOrEmpty(options.CallbackSecret) && options.AllowedNetworks.Count == 0 && !options.AllowAnySender)
        {
            failures.Add(
                "CallbackSecret or AllowedNetworks: set at least one (Withings:Receiver:CallbackSecret, or Withings:Receiver:AllowedNetworks), "
                + "since Withings does not sign notifications and anyone who knows the URL could post forged ones; "
                + "set AllowAnySender = true to accept every sender deliberately.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
