using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Checks the data annotations of <see cref="WithingsPlanningOptions"/>, each failure naming its key
/// (<c>Withings:Planning:Lookback</c>): called for <c>Withings:Planning</c> by <see cref="WithingsOptionsValidator"/>,
/// and by the planner for options that did not come through the options system. The checks are generated.
/// </summary>
internal sealed partial class WithingsPlanningOptionsValidator : IValidateOptions<WithingsPlanningOptions>
{
    private static readonly WithingsPlanningOptionsAnnotations Generated = new();

    public ValidateOptionsResult Validate(string? name, WithingsPlanningOptions options) =>
        // Without a name the generated display names start with the type's name, which the rewrite replaces by the
        // section: the options are never named, and the generated checks ignore the name anyway.
        ConfigurationKeyMessages.Rewrite(Generated.Validate(null, options), nameof(WithingsPlanningOptions), "Withings:Planning");

    [OptionsValidator]
    private sealed partial class WithingsPlanningOptionsAnnotations : IValidateOptions<WithingsPlanningOptions>
    {
    }
}
