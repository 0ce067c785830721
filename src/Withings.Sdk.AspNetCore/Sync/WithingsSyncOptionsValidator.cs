using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Checks the data annotations of <see cref="WithingsSyncOptions"/> at start, each failure naming its key
/// (<c>Withings:Sync:MaxBatch</c>). The checks are generated.
/// </summary>
internal sealed partial class WithingsSyncOptionsValidator : IValidateOptions<WithingsSyncOptions>
{
    private static readonly WithingsSyncOptionsAnnotations Generated = new();

    public ValidateOptionsResult Validate(string? name, WithingsSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Without a name the generated display names start with the type's name, which the rewrite replaces by the
        // section: the options are never named, and the generated checks ignore the name anyway.
        var generated = ConfigurationKeyMessages.Rewrite(Generated.Validate(null, options), nameof(WithingsSyncOptions), WithingsSyncOptions.SectionName);
        var failures = new List<string>(generated.Failed ? generated.Failures ?? [] : []);
        DeliveryTimeChecks.CheckRetry(options.Retry, WithingsSyncOptions.SectionName, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [OptionsValidator]
    private sealed partial class WithingsSyncOptionsAnnotations : IValidateOptions<WithingsSyncOptions>
    {
    }
}
