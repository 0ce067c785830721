using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Checks the data annotations of <see cref="WithingsLinkingOptions"/> at start. Generated; the rules that span
/// settings or read other sections are in <see cref="WithingsLinkingOptionsCustomValidator"/>.
/// </summary>
[OptionsValidator]
internal sealed partial class WithingsLinkingOptionsValidator : IValidateOptions<WithingsLinkingOptions>
{
}
