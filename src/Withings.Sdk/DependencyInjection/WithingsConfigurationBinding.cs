using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Withings.Sdk;

/// <summary>
/// Binds <see cref="WithingsOptions"/> from the <c>Withings</c> section when the container has an
/// <see cref="IConfiguration"/>, and signals its reloads to <see cref="IOptionsMonitor{TOptions}"/>. Unlike
/// <c>BindConfiguration</c>, it also works in a bare service collection without configuration.
/// </summary>
internal sealed class WithingsConfigurationBinding : IConfigureOptions<WithingsOptions>, IOptionsChangeTokenSource<WithingsOptions>
{
    private readonly IConfigurationSection? _section;

    public WithingsConfigurationBinding(IServiceProvider services) =>
        _section = (services.GetService(typeof(IConfiguration)) as IConfiguration)?.GetSection(WithingsOptions.SectionName);

    public string Name => Options.DefaultName;

    public void Configure(WithingsOptions options)
    {
        // A plain call (not ?.) so that the configuration binding source generator intercepts it: trim- and AOT-safe.
        if (_section is not null)
        {
            _section.Bind(options);
        }
    }

    public IChangeToken GetChangeToken() => _section?.GetReloadToken() ?? new CancellationChangeToken(CancellationToken.None);
}
