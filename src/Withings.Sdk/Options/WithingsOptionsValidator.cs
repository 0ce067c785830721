using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Checks the data annotations of <see cref="WithingsOptions"/> and of its sections at start, so that a bad setting
/// fails the host, not the first request; each failure names its configuration key (<c>Withings:Retry:BaseDelay</c>).
/// The checks are generated; the rules that span properties are in <see cref="WithingsOptionsCustomValidator"/>.
/// </summary>
internal sealed partial class WithingsOptionsValidator : IValidateOptions<WithingsOptions>
{
    private static readonly WithingsOptionsAnnotations Generated = new();

    public ValidateOptionsResult Validate(string? name, WithingsOptions options) =>
        // Without a name the generated display names start with the type's name, which the rewrite replaces by the
        // section: the options are never named, and the generated checks ignore the name anyway.
        ConfigurationKeyMessages.Rewrite(Generated.Validate(null, options), nameof(WithingsOptions), WithingsOptions.SectionName);

    [OptionsValidator]
    private sealed partial class WithingsOptionsAnnotations : IValidateOptions<WithingsOptions>
    {
    }
}
