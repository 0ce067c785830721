using Microsoft.Extensions.Options;

namespace Withings.Sdk.Redis;

/// <summary>
/// Checks the Redis settings' data annotations when the host starts, each failure naming its key
/// (<c>Withings:Redis:ClaimIdleTime</c>). The checks are generated.
/// </summary>
internal sealed partial class WithingsRedisOptionsValidator : IValidateOptions<WithingsRedisOptions>
{
    private static readonly WithingsRedisOptionsAnnotations Generated = new();

    public ValidateOptionsResult Validate(string? name, WithingsRedisOptions options) =>
        // Without a name the generated display names start with the type's name, which the rewrite replaces by the
        // section: the options are never named, and the generated checks ignore the name anyway.
        ConfigurationKeyMessages.Rewrite(Generated.Validate(null, options), nameof(WithingsRedisOptions), WithingsRedisOptions.SectionName);

    [OptionsValidator]
    private sealed partial class WithingsRedisOptionsAnnotations : IValidateOptions<WithingsRedisOptions>
    {
    }
}
