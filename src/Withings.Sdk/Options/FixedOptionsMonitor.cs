using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>The options of a client built without dependency injection: one value that never reloads.</summary>
internal sealed class FixedOptionsMonitor(WithingsOptions options) : IOptionsMonitor<WithingsOptions>
{
    public WithingsOptions CurrentValue => options;

    public WithingsOptions Get(string? name) => options;

    public IDisposable? OnChange(Action<WithingsOptions, string?> listener) => null;
}
