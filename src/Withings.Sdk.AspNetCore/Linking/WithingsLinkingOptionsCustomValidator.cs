using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Linking's rules that no data annotation states: the URLs' form, the scopes' form, the callback URL and categories
/// set together, and the client id and secret the code exchange needs. Each failure names its configuration key, never
/// a URL (the callback URL carries the callback secret) or the client secret.
/// </summary>
internal sealed class WithingsLinkingOptionsCustomValidator(IOptionsMonitor<WithingsOptions> withings) : IValidateOptions<WithingsLinkingOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsLinkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RedirectUri is { } redirect && !IsWebUrl(redirect))
        {
            failures.Add("Withings:Linking:RedirectUri: must be an absolute http(s) URL such as https://example.com/withings/link/callback (leave it unset to build it from each request).");
        }

        foreach (var scope in options.Scopes ?? [])
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(c => c == ',' || char.IsWhiteSpace(c)))
            {
                failures.Add("Withings:Linking:Scopes: each scope is one name such as user.metrics, without commas or spaces.");
                break;
            }
        }

        var categories = options.Categories ?? [];
        if (options.CallbackUrl is { } callback && !IsWebUrl(callback))
        {
            failures.Add("Withings:Linking:CallbackUrl: must be an absolute URL such as https://example.com/withings/notify?secret=… (the URL of MapWithingsNotifications; Withings only calls https).");
        }

        if (options.CallbackUrl is null && categories.Count > 0)
        {
            failures.Add("Withings:Linking:CallbackUrl: required when Withings:Linking:Categories is set; it is the URL notifications are subscribed to.");
        }

        if (options.CallbackUrl is not null && categories.Count == 0)
        {
            failures.Add("Withings:Linking:Categories: name at least one category (for example 1 for weight) when Withings:Linking:CallbackUrl is set.");
        }

        if (categories.Contains(NotificationCategory.NoAccountAssociated))
        {
            failures.Add("Withings:Linking:Categories: appli 53 is subscribed once per application (SubscribeNoAccountAssociatedAsync), not per user.");
        }

        var client = withings.CurrentValue;
        if (string.IsNullOrEmpty(client.ClientId))
        {
            failures.Add("Withings:ClientId: required to link users; it is the client id of your Withings application.");
        }

        if (string.IsNullOrEmpty(client.ClientSecret))
        {
            failures.Add("Withings:ClientSecret: required to link users (the code exchange sends it); keep it in a secret store.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // On Unix a path such as /withings/link/callback binds as file:///withings/link/callback: the scheme check catches it.
    private static bool IsWebUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(url.Fragment);
}
