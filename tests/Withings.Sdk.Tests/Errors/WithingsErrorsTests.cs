using System.Net;

namespace Withings.Sdk.Tests.Errors;

/// <summary>The one transience rule the SDK's retries share: docs/withings-api.md (status families) and HTTP.</summary>
public sealed class WithingsErrorsTests
{
    [TestCase(522, true)]
    [TestCase(524, true)]
    [TestCase(601, true)]
    [TestCase(2555, false)]
    [TestCase(401, false)]
    [TestCase(503, false)]
    public void IsTransient_WithingsStatus_FollowsItsFamily(int status, bool transient)
    {
        WithingsErrors.IsTransient(new WithingsApiException("refused", status)).Should().Be(transient);
    }

    [TestCase(null, true)]
    [TestCase(HttpStatusCode.RequestTimeout, true)]
    [TestCase(HttpStatusCode.TooManyRequests, true)]
    [TestCase(HttpStatusCode.BadGateway, true)]
    [TestCase(HttpStatusCode.ServiceUnavailable, true)]
    [TestCase(HttpStatusCode.NotFound, false)]
    [TestCase(HttpStatusCode.Forbidden, false)]
    public void IsTransient_HttpFailure_IsTransientWithoutAStatusOrFor408429And5xx(HttpStatusCode? status, bool transient)
    {
        WithingsErrors.IsTransient(new HttpRequestException("failed", null, status)).Should().Be(transient);
    }

    [Test]
    public void IsTransient_Timeouts_AreTransientAndTheCallersCancellationIsNot()
    {
        WithingsErrors.IsTransient(new TimeoutException()).Should().BeTrue();
        WithingsErrors.IsTransient(new TaskCanceledException("HttpClient.Timeout", new TimeoutException())).Should().BeTrue();
        WithingsErrors.IsTransient(new OperationCanceledException()).Should().BeFalse();
    }

    [Test]
    public void IsTransient_AnExceptionThatDeclaresItself_IsTakenAtItsWord()
    {
        WithingsErrors.IsTransient(new DeclaredException(true)).Should().BeTrue();
        WithingsErrors.IsTransient(new DeclaredException(false)).Should().BeFalse();
    }

    [Test]
    public void IsTransient_AnythingElse_IsNot()
    {
        WithingsErrors.IsTransient(new InvalidOperationException()).Should().BeFalse();
        WithingsErrors.IsTransient(new IOException()).Should().BeFalse();
    }

    private sealed class DeclaredException(bool transient) : Exception("declared"), IWithingsTransientError
    {
        public bool IsTransient { get; } = transient;
    }
}
