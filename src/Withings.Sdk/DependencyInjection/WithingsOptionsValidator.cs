using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>Checks <see cref="WithingsOptions"/> at start, so that a bad setting fails the host, not the first request.</summary>
internal sealed class WithingsOptionsValidator : IValidateOptions<WithingsOptions>
{
    // Withings counts per minute: an hour is far past any quota window, and keeps a typo from stalling the application for days.
    private static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, WithingsOptions options)
    {
        if (options is null)
        {
            return ValidateOptionsResult.Fail("Withings: the options are missing");
        }

        var failures = new List<string>();
        var address = options.ApiBaseAddress;
        if (address is null)
        {
            failures.Add("Withings:ApiBaseAddress: required, for example https://wbsapi.withings.net");
        }
        else if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Withings:ApiBaseAddress: '" + address.OriginalString + "' is not an absolute http(s) URL, for example https://wbsapi.withings.net");
        }

        if (options.Retry is null)
        {
            failures.Add("Withings:Retry: required");
        }
        else
        {
            if (options.Retry.MaxRetries < 0)
            {
                failures.Add("Withings:Retry:MaxRetries: must be 0 or more (the attempts after the first)");
            }

            if (options.Retry.BaseDelay < TimeSpan.Zero)
            {
                failures.Add("Withings:Retry:BaseDelay: must not be negative");
            }

            if (options.Retry.RateLimitWait < TimeSpan.Zero || options.Retry.RateLimitWait > MaxRateLimitWait)
            {
                failures.Add("Withings:Retry:RateLimitWait: must be between 00:00:00 and 01:00:00 (the wait after status 601, for example 00:01:00)");
            }
        }

        if (options.RateLimit is null)
        {
            failures.Add("Withings:RateLimit: required");
        }
        else
        {
            if (options.RateLimit.PermitsPerMinute <= 0)
            {
                failures.Add("Withings:RateLimit:PermitsPerMinute: must be more than 0");
            }

            if (options.RateLimit.Burst <= 0)
            {
                failures.Add("Withings:RateLimit:Burst: must be more than 0");
            }
        }

        if (options.Fetch is null)
        {
            failures.Add("Withings:Fetch: required");
        }
        else if (options.Fetch.MaxPages <= 0)
        {
            failures.Add("Withings:Fetch:MaxPages: must be more than 0");
        }

        if (options.OAuth is null)
        {
            failures.Add("Withings:OAuth: required");
        }
        else
        {
            if (options.OAuth.AuthorizeEndpoint is { IsAbsoluteUri: false })
            {
                failures.Add("Withings:OAuth:AuthorizeEndpoint: must be an absolute URL, for example https://account.withings.com/oauth2_user/authorize2");
            }

            if (options.OAuth.RefreshBeforeExpiry < TimeSpan.Zero)
            {
                failures.Add("Withings:OAuth:RefreshBeforeExpiry: must not be negative");
            }
        }

        if (options.Planning is null)
        {
            failures.Add("Withings:Planning: required");
        }
        else
        {
            PlanningSettings.Validate(options.Planning, failures);
        }

        if (options.Parser is null)
        {
            failures.Add("Withings:Parser: required");
        }
        else if (options.Parser.MaxBodyBytes <= 0)
        {
            failures.Add("Withings:Parser:MaxBodyBytes: must be more than 0");
        }

        if (options.Cloud is not (WithingsCloud.Global or WithingsCloud.UnitedStates))
        {
            failures.Add("Withings:Cloud: must be Global or UnitedStates");
        }

        if (options.Notify is null)
        {
            failures.Add("Withings:Notify: required");
        }
        else
        {
            if (options.Notify.SubscribeSpacing < TimeSpan.Zero)
            {
                failures.Add("Withings:Notify:SubscribeSpacing: must not be negative");
            }

            if (options.Notify.CallbackCheckRetries < 0)
            {
                failures.Add("Withings:Notify:CallbackCheckRetries: must be 0 or more (the subscribe attempts after a first 293)");
            }

            if (options.Notify.CallbackCheckRetryDelay < TimeSpan.Zero)
            {
                failures.Add("Withings:Notify:CallbackCheckRetryDelay: must not be negative");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
