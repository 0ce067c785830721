using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Checks the data annotations of <see cref="WithingsOptions"/> and of its sections at start, so that a bad setting
/// fails the host, not the first request. Generated; the rules that span properties are in
/// <see cref="WithingsOptionsCustomValidator"/>.
/// </summary>
[OptionsValidator]
internal sealed partial class WithingsOptionsValidator : IValidateOptions<WithingsOptions>
{
}
