using Withings.Sdk.Testing;

namespace Withings.Sdk.Tests.Support;

/// <summary>The look-alike as the core tests run it strictly: this application's id and secret, only known tokens.</summary>
internal static class LookAlikes
{
    public static Task<WithingsLookAlike> StartStrictAsync(TimeProvider? clock = null) =>
        WithingsLookAlike.StartAsync(new WithingsLookAlikeOptions
        {
            ClientId = Harness.ClientId,
            ClientSecret = Harness.ClientSecret,
            AcceptAnyAccessToken = false,
            TimeProvider = clock ?? TimeProvider.System,
        });
}
