using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests.Docs;

// docs/state.md's examples, verbatim, so that the build proves they compile; Withings.Sdk.Tests' DocsPagesTests
// checks they are still here, line for line.
internal static class StateDocsSnippets
{
    public static void InMemoryState(WebApplicationBuilder builder)
    {
        builder.Services.AddWithingsNotifications()
            .AddReceiver()
            .UseInMemoryState()   // token pairs, time zones and cursors in memory: lost when the process ends
            .AddSync<SaveMeasures>();
    }

    public static void OwnKeyRing(WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection()
            .SetApplicationName("my-withings-app")
            .PersistKeysToFileSystem(new DirectoryInfo("/var/lib/my-withings-app/keys"));
        builder.Services.AddWithingsNotifications()
            .AddReceiver()
            .AddSync<SaveMeasures>();
    }

#pragma warning disable CA1812 // instantiated by DI in the snippets
    sealed class SaveMeasures : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
