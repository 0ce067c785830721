using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Withings.Sdk.Testing;

namespace Withings.Sdk.AspNetCore.Tests;

/// <summary>
/// Users' state in the receiver's default store, in a real process killed with SIGKILL: the token pair, the time zone
/// and the cursor are read back after a restart on the same file, and a pair rotated by a refresh survives a kill
/// between its save and the first use of its access token (after which Withings no longer takes the old refresh token).
/// </summary>
[NonParallelizable]
public sealed class StateCrashTests : TemporaryStoreTest
{
    private const long User = 4_200_001;

    [Test]
    public async Task Kill_BetweenSavingARotatedPairAndItsFirstUse_UserStillWorksAfterRestart_AndCursorAndZoneSurvive()
    {
        // Strict: only tokens the look-alike issued work, and a refresh token works once, as at Withings once the new
        // access token was used.
        await using var withings = await WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions { AcceptAnyAccessToken = false });
        withings.AddAuthorizationCode("code-from-withings", User);
        string before;
        await using (var first = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 0, handlers: 1, withings.BaseAddress, null, "--tokens", "stored"))
        {
            (await first.CommandAsync("exchange code-from-withings", "exchanged ")).Should().Be($"exchanged {User}");
            await PostWeightAsync(first.Address, startDate: 1_709_251_200);
            await first.WaitUntilHandledAsync([User], TimeSpan.FromMinutes(2));
            before = await WaitForCursorAsync(first);
            before.Should().Contain("zone=Europe/Paris").And.Contain("token=" + Hash(IssuedAccessToken(1)));

            await first.CommandAsync("pause-next-save", "armed");
            (await first.CommandAsync($"refresh {User}", "saved ")).Should().Be($"saved {User}");
            await first.KillAsync();
        }

        withings.Requests.Where(r => r.BearerToken == IssuedAccessToken(2)).Should().BeEmpty("the kill came after the rotated pair was saved and before its access token was used");
        withings.Requests.Count(r => r.Action == "requesttoken" && r.Field("grant_type") == "refresh_token").Should().Be(1, "the refresh reached Withings, which rotated the pair");
        StoreBytes().Should().NotContainAny(Secrets(), "no token may be readable in the store file or its write-ahead log");

        await using var second = await ChildReceiver.StartAsync(StorePath, handlerDelayMs: 0, handlers: 1, withings.BaseAddress, null, "--tokens", "stored");
        var after = await second.CommandAsync($"state {User}", $"state {User} ");
        after.Should().Be(before.Replace(Hash(IssuedAccessToken(1)), Hash(IssuedAccessToken(2)), StringComparison.Ordinal), "the zone and cursor read back unchanged, and the pair is the rotated one");

        var requestsBefore = withings.Requests.Count;
        await PostWeightAsync(second.Address, startDate: 1_709_337_600);
        await second.WaitUntilHandledAsync([User], TimeSpan.FromMinutes(2));
        withings.Requests.Skip(requestsBefore).Where(r => r.Action == "getmeas").Select(r => r.BearerToken).Should().NotBeEmpty().And.OnlyContain(t => t == IssuedAccessToken(2), "the data was fetched with the saved, rotated pair");

        // The saved refresh token is the one Withings now takes: the user did not have to authorize again.
        (await second.CommandAsync($"refresh {User}", "refreshed ")).Should().Be($"refreshed {User}");
        (await second.CommandAsync($"state {User}", $"state {User} ")).Should().EndWith("token=" + Hash(IssuedAccessToken(3)));
        StoreBytes().Should().NotContainAny(Secrets());
    }

    // The look-alike numbers the pairs it issues: the code's exchange is the first, each refresh the next.
    private static string IssuedAccessToken(int n) => "look-alike-access-" + n.ToString(CultureInfo.InvariantCulture);

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string[] Secrets() => ["look-alike-access-", "look-alike-refresh-"];

    private string StoreBytes()
    {
        var text = new StringBuilder();
        foreach (var file in new[] { StorePath, StorePath + "-wal" }.Where(File.Exists))
        {
            // Latin-1 maps every byte to one char: a token stored as UTF-8 text shows up as itself.
            text.Append(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        }

        text.Length.Should().BeGreaterThan(0, "the store file exists");
        return text.ToString();
    }

    // The cursor is advanced after the handler accepted the data: asked for until it is there.
    private static async Task<string> WaitForCursorAsync(ChildReceiver child)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var state = await child.CommandAsync($"state {User}", $"state {User} ");
            if (!state.Contains("cursor=-", StringComparison.Ordinal))
            {
                return state;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the cursor is advanced once the data handler accepted the data");
            await Task.Delay(50);
        }
    }

    private static async Task PostWeightAsync(Uri address, long startDate)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var body = new StringContent(Payloads.Weight(User, startDate), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await client.PostAsync(new Uri("/withings/notify?secret=" + ChildReceiver.Secret, UriKind.Relative), body);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
