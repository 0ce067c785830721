using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Checks the data annotations of <see cref="WithingsReceiverOptions"/> at start, each failure naming its key
/// (<c>Withings:Receiver:QueueCapacity</c>). The checks are generated; the rules that span settings or parse values
/// are in <see cref="WithingsReceiverOptionsCustomValidator"/>.
/// </summary>
internal sealed partial class WithingsReceiverOptionsValidator : IValidateOptions<WithingsReceiverOptions>
{
    private static readonly WithingsReceiverOptionsAnnotations Generated = new();

    public ValidateOptionsResult Validate(string? name, WithingsReceiverOptions options) =>
        // Without a name the generated display names start with the type's name, which the rewrite replaces by the
        // section: the options are never named, and the generated checks ignore the name anyway.
        ConfigurationKeyMessages.Rewrite(Generated.Validate(null, options), nameof(WithingsReceiverOptions), WithingsReceiverOptions.SectionName);

    [OptionsValidator]
    private sealed partial class WithingsReceiverOptionsAnnotations : IValidateOptions<WithingsReceiverOptions>
    {
    }
}
