using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// The rules of <see cref="WithingsOptions"/> that no data annotation states: URL schemes, the cloud's name, the
/// parser's body limit and the measure-type lists' format. Each failure names its configuration key.
/// </summary>
internal sealed class WithingsOptionsCustomValidator : IValidateOptions<WithingsOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsOptions options)
    {
        if (options is null)
        {
            return ValidateOptionsResult.Fail("Withings: the options are missing");
        }

        var failures = new List<string>();
        var address = options.ApiBaseAddress;
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Withings:ApiBaseAddress: '" + address.OriginalString + "' is not an absolute http(s) URL, for example https://wbsapi.withings.net");
        }

        if (options.OAuth?.AuthorizeEndpoint is { IsAbsoluteUri: false })
        {
            failures.Add("Withings:OAuth:AuthorizeEndpoint: must be an absolute URL, for example https://account.withings.com/oauth2_user/authorize2");
        }

        if (options.Cloud is not (WithingsCloud.Global or WithingsCloud.UnitedStates))
        {
            failures.Add("Withings:Cloud: must be Global or UnitedStates");
        }

        // NotificationParserOptions is shared with the parser, which checks the limit itself when built by hand.
        if (options.Parser is { MaxBodyBytes: <= 0 })
        {
            failures.Add("Withings:Parser:MaxBodyBytes: must be more than 0");
        }

        if (options.Planning is not null)
        {
            PlanningMeasTypeRules.Check(options.Planning, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
