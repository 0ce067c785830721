using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests.Docs;

// README.md's sync example, verbatim, so that the build proves it compiles; Withings.Sdk.Tests' ReadmeTests checks
// it is still here, line for line.
internal static class SyncReadmeSnippets
{
    public static void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddWithingsNotifications()
            .AddReceiver() // the secret from configuration: Withings:Receiver:CallbackSecret
            .AddSync<SaveMeasures>();
    }

#pragma warning disable CA1812 // instantiated by DI in the snippet
    sealed class SaveMeasures : IWithingsDataHandler
    {
        public Task HandleAsync(WithingsUserData data, CancellationToken cancellationToken)
        {
            foreach (var result in data.Results)
            {
                foreach (var group in result.GetRecords<MeasureGroup>())
                {
                    Console.WriteLine($"{group.Measures.Count} measures taken at {group.Date:u}");
                }
            }

            return Task.CompletedTask;
        }
    }
#pragma warning restore CA1812
}
