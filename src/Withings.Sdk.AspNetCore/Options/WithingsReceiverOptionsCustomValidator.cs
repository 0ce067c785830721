using System.Net;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The receiver's rules that no data annotation states: the byte limit, the handler timeout's "infinite", the secret's form, the
/// networks' notation, a secret or a network list unless any sender is allowed, and the store's path. Messages name
/// the setting, never the secret's value; whether the store file can be written is checked when it is opened.
/// </summary>
internal sealed class WithingsReceiverOptionsCustomValidator : IValidateOptions<WithingsReceiverOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        DeliveryTimeChecks.CheckReceiver(options, failures);

        // [Range] has no long bounds: its double ones would print 9.223372036854776E+18.
        if (options.QueueCapacityBytes < 1)
        {
            failures.Add("Withings:Receiver:QueueCapacityBytes: must be at least 1.");
        }

        if (options.HandlerTimeout <= TimeSpan.Zero && options.HandlerTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add("Withings:Receiver:HandlerTimeout: must be positive (or Timeout.InfiniteTimeSpan for none).");
        }

        if (options.CallbackSecret is { } secret && (secret.Length == 0 || secret.Trim().Length != secret.Length))
        {
            failures.Add("Withings:Receiver:CallbackSecret: must be non-empty and have no leading or trailing spaces (leave it unset for no secret).");
        }

        foreach (var network in options.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                failures.Add($"Withings:Receiver:AllowedNetworks: '{network}' is not a network in CIDR notation such as 192.0.2.0/24.");
            }
        }

        if (string.IsNullOrEmpty(options.CallbackSecret) && options.AllowedNetworks.Count == 0 && !options.AllowAnySender)
        {
            failures.Add(
                "Withings:Receiver:CallbackSecret or Withings:Receiver:AllowedNetworks: set at least one, "
                + "since Withings does not sign notifications and anyone who knows the URL could post forged ones; "
                + "set AllowAnySender = true to accept every sender deliberately.");
        }

        if (options.StorePath is { } path && (path.Length == 0 || path.Trim().Length != path.Length || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add("Withings:Receiver:StorePath: must be a file path without leading or trailing spaces (leave it unset for the default file under the content root).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
