using System.Globalization;

namespace Withings.Sdk;

/// <summary>The messages of <see cref="WithingsApiException"/>: what happened, then what to do.</summary>
internal static class WithingsErrorMessages
{
    public static WithingsApiException ToException(AttemptFailure failure, string operation, int attempts, string? secret)
    {
        var message = Redact(Redact(Describe(failure, operation, attempts), secret), failure.Bearer);
        return failure.Status is int status
            ? new WithingsApiException(message, status, operation)
            {
                HttpStatus = failure.HttpStatus,
                WithingsError = Redact(Redact(failure.WithingsError, secret), failure.Bearer),
                Attempts = attempts,
            }
            : new WithingsApiException(message, operation, failure.IsTransient, failure.Cause)
            {
                HttpStatus = failure.HttpStatus,
                Attempts = attempts,
            };
    }

    private static string Describe(AttemptFailure failure, string operation, int attempts)
    {
        var text = new System.Text.StringBuilder();
        if (failure.Status is int status)
        {
            var family = WithingsStatus.GetFamily(status);
            text.Append("Withings refused ").Append(operation).Append(" with status ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(Describe(family));
            var meaning = WithingsStatus.GetMeaning(status);
            if (meaning is not null)
            {
                text.Append(": ").Append(meaning);
            }

            text.Append(')');
            if (!string.IsNullOrEmpty(failure.WithingsError))
            {
                text.Append("; Withings said \"").Append(failure.WithingsError).Append('"');
            }

            text.Append(". ").Append(Advice(status, family, operation));
        }
        else
        {
            text.Append(operation).Append(" failed: ").Append(failure.Description).Append(". ").Append(failure.Advice);
        }

        if (attempts > 1)
        {
            text.Append(" Gave up after ").Append(attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts.");
        }

        return text.ToString();
    }

    private static string Describe(WithingsStatusFamily family) => family switch
    {
        WithingsStatusFamily.AuthenticationFailed => "authentication failed",
        WithingsStatusFamily.InvalidParams => "invalid params",
        WithingsStatusFamily.Unauthorized => "unauthorized",
        WithingsStatusFamily.NotImplemented => "not implemented",
        WithingsStatusFamily.Timeout => "timeout",
        WithingsStatusFamily.BadState => "bad state",
        WithingsStatusFamily.TooManyRequests => "too many requests",
        WithingsStatusFamily.Success => "success",
        _ => "an error occurred",
    };

    // Withings answers a client id or secret it does not know as it answers a bad code or refresh token (503), or
    // with an authentication status: for the OAuth and signature calls, which carry the application's credentials,
    // those are checked first, since sending every user through the authorization flow again would not help.
    private static string Advice(int status, WithingsStatusFamily family, string operation) =>
        CarriesClientCredentials(operation) && (status == 503 || family == WithingsStatusFamily.AuthenticationFailed)
            ? "Check Withings:ClientId and Withings:ClientSecret: they must be those of your Withings developer application, on the same cloud. If they are, the authorization code or refresh token is expired, already used or was issued for another redirect URL: send the user through the authorization flow again."
            : Advice(status, family);

    private static bool CarriesClientCredentials(string operation) =>
        operation.StartsWith("oauth2/", StringComparison.Ordinal) || operation.StartsWith("v2/signature/", StringComparison.Ordinal);

    private static string Advice(int status, WithingsStatusFamily family) => status switch
    {
        286 => "List the user's subscriptions to see what is registered.",
        293 => "Use an https URL with a host name (no IP, no localhost), port 80 or 443, at most 255 characters, that answers Withings' HEAD request with HTTP 200.",
        342 => "Check the client id and client secret used to sign the request.",
        503 => "Send the user through the authorization flow again.",
        _ => family switch
        {
            WithingsStatusFamily.AuthenticationFailed => "The access token is invalid or expired: refresh it and try again.",
            WithingsStatusFamily.InvalidParams => "Check the request's parameters.",
            WithingsStatusFamily.Unauthorized => "Check the scopes the user granted and your application's settings with Withings.",
            WithingsStatusFamily.NotImplemented => "Withings does not offer this call.",
            WithingsStatusFamily.TooManyRequests => "Withings allows 120 requests per minute per client id: if other processes share it, give this one a smaller RateLimit:PermitsPerMinute; try again later.",
            _ => "Try again later; contact Withings if it persists.",
        },
    };

    // Withings' own error text could echo a request field; the token must never leave through it.
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Redact(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***");
}
