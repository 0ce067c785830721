namespace Withings.Sdk.Benchmarks.Planning;

/// <summary>A clock stopped at one instant, so that plans do not depend on when the benchmark runs.</summary>
public sealed class FixedTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _now;

    /// <summary>Creates a clock that always reads <paramref name="now"/>.</summary>
    /// <param name="now">The instant.</param>
    public FixedTimeProvider(DateTimeOffset now) => _now = now;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;
}
