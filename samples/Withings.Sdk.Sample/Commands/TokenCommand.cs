using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Withings.Sdk.Sample;

/// <summary>
/// <c>token refresh --refresh-token T [--show]</c>: refreshes a token pair with <c>Withings__ClientId</c> and
/// <c>Withings__ClientSecret</c> and prints the new pair's user, expiry and scope; the tokens themselves only with
/// <c>--show</c>. <c>token revoke --userid N</c>: the signed OAuth revoke of the application's access to a user.
/// </summary>
internal static class TokenCommand
{
    public const string RefreshUsage = """
        token refresh --refresh-token T [--show]
            refresh an OAuth token pair (--show prints the new tokens)
            e.g. token refresh --refresh-token "$WITHINGS_REFRESH_TOKEN"
        """;

    public const string RevokeUsage = """
        token revoke --userid N
            revoke the app's access to a user (signed; ends their
            notifications)
            e.g. token revoke --userid 363
        """;

    public const string Usage = RefreshUsage + "\n" + RevokeUsage;

    public static async Task<int> RunAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        if (args.Positional is ["revoke"])
        {
            return await RevokeAsync(args, output, stderr);
        }

        var show = args.Flag("--show");
        var refreshToken = args.Option("--refresh-token");
        args.EnsureAllRead();
        if (args.Positional is not ["refresh"])
        {
            throw new CommandLineException("token: expected 'token refresh --refresh-token T [--show]' or 'token revoke --userid N'");
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
        catch (Exception e) when (IsCallFailure(e))
        {
            return Fail(output, e);
        }
    }

    private static async Task<int> RevokeAsync(CommandArgs args, JsonLines output, TextWriter stderr)
    {
        var userId = args.LongOption("--userid") ?? throw new CommandLineException("--userid N: required (the Withings user id)");
        args.EnsureAllRead();
        if (userId <= 0)
        {
            throw new CommandLineException("--userid: must be a Withings user id (a positive number)");
        }

        await using var services = SampleConfiguration.BuildServices(stderr);
        try
        {
            await services.GetRequiredService<IWithingsOAuthClient>().RevokeAsync(userId);
            output.Write(json => json.WriteBoolean("ok", true));
            return 0;
        }
        catch (Exception e) when (IsCallFailure(e))
        {
            return Fail(output, e);
        }
    }

    private static bool IsCallFailure(Exception e) =>
        e is WithingsApiException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException;

    private static int Fail(JsonLines output, Exception e)
    {
        output.Write(json =>
        {
            json.WriteBoolean("ok", false);
            ApiErrorJson.Write(json, e);
        });
        return 1;
    }
}
