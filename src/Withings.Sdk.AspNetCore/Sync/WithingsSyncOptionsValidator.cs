using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>Checks the data annotations of <see cref="WithingsSyncOptions"/> at start; each failure names its setting. Generated.</summary>
[OptionsValidator]
internal sealed partial class WithingsSyncOptionsValidator : IValidateOptions<WithingsSyncOptions>
{
}
