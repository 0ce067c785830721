using Microsoft.Extensions.Options;

namespace Withings.Sdk.Tests.Planning;

/// <summary>Options that never change, for planners built without a container.</summary>
internal sealed class StaticOptionsMonitor(WithingsOptions options) : IOptionsMonitor<WithingsOptions>
{
    public WithingsOptions CurrentValue => options;

    public WithingsOptions Get(string? name) => options;

    public IDisposable? OnChange(Action<WithingsOptions, string?> listener) => null;
}
