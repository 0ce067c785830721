namespace Withings.Sdk.Tests.Http;

public sealed class RetryBackoffTests
{
    [TestCase(1, 1_000)]
    [TestCase(2, 2_000)]
    [TestCase(3, 4_000)]
    [TestCase(6, 32_000)]
    [TestCase(7, 60_000)]
    [TestCase(40, 60_000)]
    public void GetDelay_NoJitter_DoublesFromBaseDelayUpToOneMinute(int retry, int expectedMilliseconds) =>
        new RetryBackoff(() => 0).GetDelay(retry, TimeSpan.FromSeconds(1)).Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));

    [Test]
    public void GetDelay_HighestJitter_AddsAtMostAQuarter() =>
        new RetryBackoff(() => 0.999).GetDelay(2, TimeSpan.FromSeconds(1)).Should().Be(TimeSpan.FromMilliseconds(2_499.5));

    [Test]
    public void GetDelay_BaseDelayAboveOneMinute_IsNotCutBelowBaseDelay() =>
        new RetryBackoff(() => 0).GetDelay(3, TimeSpan.FromMinutes(2)).Should().Be(TimeSpan.FromMinutes(2));

    [Test]
    public void GetDelay_ZeroBaseDelay_IsZero() =>
        new RetryBackoff(() => 0.5).GetDelay(3, TimeSpan.Zero).Should().Be(TimeSpan.Zero);

    [Test]
    public void GetDelay_RandomJitter_StaysWithinNominalAndAQuarterMore()
    {
        var backoff = new RetryBackoff();
        for (var i = 0; i < 200; i++)
        {
            backoff.GetDelay(1, TimeSpan.FromSeconds(1)).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.BeLessThan(TimeSpan.FromMilliseconds(1_250));
        }
    }
}
