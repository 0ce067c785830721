namespace Withings.Sdk.Tests.Receiving;

/// <summary>What makes two notifications the same: user, appli, window or date, action, device, and mac for 53.</summary>
public sealed class NotificationIdempotencyKeyTests
{
    private static readonly NotificationParser Parser = new();

    [TestCase("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753", "withings:notification:1:12345:1530576000:1530698753::::")]
    [TestCase("userid=12345&appli=16&date=2024-03-02", "withings:notification:16:12345:::2024-03-02:::")]
    [TestCase("userid=12345&appli=46&action=unlink", "withings:notification:46:12345::::unlink::")]
    [TestCase("userid=12345&appli=50&date=1709336580&deviceid=abc%3A12", "withings:notification:50:12345:::1709336580::abc%3A12:")]
    [TestCase("appli=53&mac=00:24:e4:aa:bb:cc", "withings:notification:53:::::::00%3A24%3Ae4%3Aaa%3Abb%3Acc")]
    [TestCase("userid=12345&appli=99&startdate=1530576000&deviceid=d1", "withings:notification:99:12345:1530576000::::d1:")]
    public void For_DocumentedFields_KeyHoldsThemInOrder(string body, string expected)
    {
        NotificationIdempotencyKey.For(Parser.Parse(body)).Should().Be(expected);
    }

    [Test]
    public void For_SameFieldsInAnotherOrderWithAnUnknownField_SameKey()
    {
        var original = Parser.Parse("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");
        var reordered = Parser.Parse("appli=1&enddate=1530698753&startdate=1530576000&userid=12345");

        NotificationIdempotencyKey.For(reordered).Should().Be(NotificationIdempotencyKey.For(original));
    }

    [TestCase("userid=12345&appli=1&startdate=1530576000&enddate=1530698754")]
    [TestCase("userid=12346&appli=1&startdate=1530576000&enddate=1530698753")]
    [TestCase("userid=12345&appli=2&startdate=1530576000&enddate=1530698753")]
    public void For_AnyIdentifyingFieldDiffers_DifferentKey(string other)
    {
        var seed = Parser.Parse("userid=12345&appli=1&startdate=1530576000&enddate=1530698753");

        NotificationIdempotencyKey.For(Parser.Parse(other)).Should().NotBe(NotificationIdempotencyKey.For(seed));
    }

    [Test]
    public void For_HugeDeviceId_KeyIsAFixedLengthHash()
    {
        var notification = Parser.Parse("userid=1&appli=50&date=1709336580&deviceid=" + new string('d', 5000));

        var key = NotificationIdempotencyKey.For(notification);

        key.Should().StartWith("withings:notification:sha256:");
        key.Should().HaveLength("withings:notification:sha256:".Length + 64);
    }

    [Test]
    public void For_LongKey_IsTheUpperCaseSha256OfThePlainKey_AsStoresAlreadyHoldIt()
    {
        // The digest of "withings:notification:50:12345:::1709336580::" + 300 × 'a' + ":", computed outside .NET
        // (Python's hashlib): keys written before must match after an upgrade, on every target framework.
        var notification = Parser.Parse("userid=12345&appli=50&date=1709336580&deviceid=" + new string('a', 300));

        NotificationIdempotencyKey.For(notification).Should().Be("withings:notification:sha256:0D866D5A8B8FD2E1621CBE2B35D57A359D761B50A569129415C3E35B99BAE58D");
    }
}
