using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>Checks the store's settings at start; whether the file can be written is checked when it is opened.</summary>
internal sealed class ReceiverStoreOptionsValidator : IValidateOptions<WithingsReceiverOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.StorePath is { } path && (path.Length == 0 || path.Trim().Length != path.Length || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add("StorePath: must be a file path without leading or trailing spaces (leave it unset for the default file under the content root).");
        }

        if (!Enum.IsDefined(options.StoreDurability))
        {
            failures.Add($"StoreDurability: {options.StoreDurability} is not one of {string.Join(", ", Enum.GetNames<WithingsStoreDurability>())}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
