using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Checks the data annotations of <see cref="WithingsPlanningOptions"/>: called for <c>Withings:Planning</c> by
/// <see cref="WithingsOptionsValidator"/>, and by the planner for options that did not come through the options system.
/// </summary>
[OptionsValidator]
internal sealed partial class WithingsPlanningOptionsValidator : IValidateOptions<WithingsPlanningOptions>
{
}
