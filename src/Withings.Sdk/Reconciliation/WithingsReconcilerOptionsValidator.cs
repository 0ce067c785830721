using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>Checks the data annotations of the reconciler's options at start. Generated.</summary>
[OptionsValidator]
internal sealed partial class WithingsReconcilerOptionsValidator : IValidateOptions<WithingsReconcilerOptions>
{
}
