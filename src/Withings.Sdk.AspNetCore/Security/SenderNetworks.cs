using System.Net;

namespace Withings.Sdk.AspNetCore;

/// <summary>The allow-list of sender networks; empty allows everyone.</summary>
internal sealed class SenderNetworks
{
    private readonly IPNetwork[] _networks;

    private SenderNetworks(IPNetwork[] networks) => _networks = networks;

    public static SenderNetworks AllowAll { get; } = new([]);

    public bool IsEmpty => _networks.Length == 0;

    /// <summary>Parses CIDR entries; a bare address stands for that one host.</summary>
    public static SenderNetworks Parse(IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (!TryParse(entry, out var network))
            {
                throw new FormatException($"AllowedNetworks: '{entry}' is not a network in CIDR notation such as 192.0.2.0/24.");
            }

            networks.Add(network);
        }

        return networks.Count == 0 ? AllowAll : new SenderNetworks([.. networks]);
    }

    public static bool TryParse(string? entry, out IPNetwork network)
    {
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            network = default;
            return false;
        }

        if (!text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var host))
        {
            network = new IPNetwork(host, host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    public bool Allows(IPAddress? sender)
    {
        if (_networks.Length == 0)
        {
            return true;
        }

        if (sender is null)
        {
            return false;
        }

        // Dual-stack sockets report IPv4 senders as ::ffff:a.b.c.d; the allow-list is written in plain IPv4.
        var plain = sender.IsIPv4MappedToIPv6 ? sender.MapToIPv4() : sender;
        foreach (var network in _networks)
        {
            if (network.Contains(plain) || network.Contains(sender))
            {
                return true;
            }
        }

        return false;
    }
}
