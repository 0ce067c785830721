using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Checks the data annotations of the reconciler's options at start, each failure naming its key
/// (<c>Withings:Reconciler:Interval</c>). The checks are generated.
/// </summary>
internal sealed partial class WithingsReconcilerOptionsValidator : IValidateOptions<WithingsReconcilerOptions>
{
    private static readonly WithingsReconcilerOptionsAnnotations Generated = new();

    public ValidateOptionsResult Validate(string? name, WithingsReconcilerOptions options) =>
        // Without a name the generated display names start with the type's name, which the rewrite replaces by the
        // section: the options are never named, and the generated checks ignore the name anyway.
        ConfigurationKeyMessages.Rewrite(Generated.Validate(null, options), nameof(WithingsReconcilerOptions), WithingsReconcilerOptions.SectionName);

    [OptionsValidator]
    private sealed partial class WithingsReconcilerOptionsAnnotations : IValidateOptions<WithingsReconcilerOptions>
    {
    }
}
