using System.Net;

namespace Withings.Sdk.AspNetCore.Tests;

public sealed class SenderNetworksTests
{
    [TestCase("198.51.100.7", true)]
    [TestCase("::ffff:198.51.100.7", true)]
    [TestCase("198.51.101.7", false)]
    [TestCase("2001:db8::1", true)]
    [TestCase("203.0.113.9", true)]
    [TestCase("203.0.113.10", false)]
    public void Allows_Address_TrueOnlyInsideAListedNetwork(string address, bool expected)
    {
        var networks = SenderNetworks.Parse(["198.51.100.0/24", "2001:db8::/32", "203.0.113.9"]);

        networks.Allows(IPAddress.Parse(address)).Should().Be(expected);
    }

    [Test]
    public void Allows_EmptyList_AllowsEveryone()
    {
        SenderNetworks.Parse([]).Allows(IPAddress.Parse("192.0.2.1")).Should().BeTrue();
    }

    [Test]
    public void Allows_UnknownSenderWithAList_Refused()
    {
        SenderNetworks.Parse(["198.51.100.0/24"]).Allows(null).Should().BeFalse();
    }
}
