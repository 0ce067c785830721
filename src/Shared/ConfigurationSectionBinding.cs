using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Withings.Sdk;

/// <summary>
/// How every <c>Add…</c> of the Withings packages binds its options from their configuration section: when the
/// container has an <see cref="IConfiguration"/>, the section is bound and its reloads reach
/// <see cref="IOptionsMonitor{TOptions}"/>; in a bare service collection nothing is bound. (<c>BindConfiguration</c>
/// would throw there.) Compiled into each package, so that all of them bind the same way.
/// </summary>
internal static class ConfigurationSectionBinding
{
    /// <summary>Binds <typeparamref name="TOptions"/> from <paramref name="sectionName"/>, once however often it is called.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="sectionName">The section, for example <c>Withings:Receiver</c>.</param>
    /// <param name="bind">
    /// Binds a section to the options: a lambda over the concrete type (<c>static (s, o) =&gt; s.Bind(o)</c>), so
    /// that the configuration binding source generator intercepts the call (trim- and AOT-safe).
    /// </param>
    public static void Add<TOptions>(IServiceCollection services, string sectionName, Action<IConfiguration, TOptions> bind)
        where TOptions : class
    {
        if (services.Any(d => d.ServiceType == typeof(Binding<TOptions>)))
        {
            return;
        }

        services.AddSingleton(sp => new Binding<TOptions>(sp, sectionName, bind));
        services.AddSingleton<IConfigureOptions<TOptions>>(sp => sp.GetRequiredService<Binding<TOptions>>());
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(sp => sp.GetRequiredService<Binding<TOptions>>());
    }

    private sealed class Binding<TOptions> : IConfigureOptions<TOptions>, IOptionsChangeTokenSource<TOptions>
        where TOptions : class
    {
        private readonly IConfigurationSection? _section;
        private readonly Action<IConfiguration, TOptions> _bind;

        public Binding(IServiceProvider services, string sectionName, Action<IConfiguration, TOptions> bind)
        {
            _section = services.GetService<IConfiguration>()?.GetSection(sectionName);
            _bind = bind;
        }

        public string Name => Options.DefaultName;

        public void Configure(TOptions options)
        {
            if (_section is not null)
            {
                _bind(_section, options);
            }
        }

        public IChangeToken GetChangeToken() => _section?.GetReloadToken() ?? new CancellationChangeToken(CancellationToken.None);
    }
}
