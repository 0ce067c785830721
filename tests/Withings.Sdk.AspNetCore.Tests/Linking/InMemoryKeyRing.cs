using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Withings.Sdk.AspNetCore.Tests.Linking;

/// <summary>
/// A real Data Protection key ring kept in memory: each host gets its own keys, and no test writes a key file to the
/// user's home folder (where ASP.NET Core keeps them by default, even beside an ephemeral provider).
/// </summary>
internal sealed class InMemoryKeyRing : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    public static void AddTo(IServiceCollection services) =>
        services.AddDataProtection().Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryKeyRing());

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_elements)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_elements)
        {
            _elements.Add(new XElement(element));
        }
    }
}
