using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>token refresh --refresh-token T [--show]</c>: refreshes a token pair with <c>Withings__ClientId</c> and
/// <c>Withings__ClientSecret</c> and prints the new pair's user, expiry and scope; the tokens themselves only with
/// <c>--show</c>.
/// </summary>
internal static class TokenCommand
{
    public const string Usage = """
        token refresh --refresh-token T [--show]
            refresh an OAuth token pair (--show prints the new tokens)
            e.g. token refresh --refresh-token "$WITHINGS_REFRESH_TOKEN"
        """;

    public static async Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        var show = args.Flag("--show");
        var refreshToken = args.Option("--refresh-token");
        args.EnsureAllRead();
        if (args.Positional is not ["refresh"])
        {
            throw new CommandLineException("token: expected 'token refresh --refresh-token T [--show]'");
        }

        if (string.IsNullOrEmpty(refreshToken))
        {
            throw new CommandLineException("--refresh-token: required (the user's current refresh token)");
        }

        await using var services = SampleConfiguration.BuildServices(stderr);
        try
        {
            var pair = await services.GetRequiredService<IWithingsOAuthClient>().RefreshAsync(refreshToken);
            output.Write(json =>
            {
                json.WriteBoolean("ok", true);
                json.WriteNumber("userid", pair.UserId);
                json.WriteNumber("expires_at", pair.ExpiresAt.ToUnixTimeSeconds());
                json.WriteString("expires_at_utc", pair.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteString("scope", pair.Scope);
                if (show)
                {
                    json.WriteString("access_token", pair.AccessToken);
                    json.WriteString("refresh_token", pair.RefreshToken);
                }
            });
            if (!show)
            {
                await stderr.WriteLineAsync("Withings rotated the refresh token: the old one keeps working until the new access token is used (8 hours at most). Run with --show to see and store the new pair.");
            }

            return 0;
        }
        catch (Exception e) when (e is WithingsApiException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            output.Write(json =>
            {
                json.WriteBoolean("ok", false);
                ApiErrorJson.Write(json, e);
            });
            return 1;
        }
    }
}
