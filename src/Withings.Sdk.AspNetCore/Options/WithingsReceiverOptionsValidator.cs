using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Checks the data annotations of <see cref="WithingsReceiverOptions"/> at start. Generated; the rules that span
/// settings or parse values are in <see cref="WithingsReceiverOptionsCustomValidator"/>.
/// </summary>
[OptionsValidator]
internal sealed partial class WithingsReceiverOptionsValidator : IValidateOptions<WithingsReceiverOptions>
{
}
