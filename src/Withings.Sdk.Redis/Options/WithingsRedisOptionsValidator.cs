using Microsoft.Extensions.Options;

namespace Withings.Sdk.Redis;

/// <summary>Checks the Redis settings' data annotations when the host starts, naming the setting that is wrong. Generated.</summary>
[OptionsValidator]
internal sealed partial class WithingsRedisOptionsValidator : IValidateOptions<WithingsRedisOptions>
{
}
