namespace Withings.Sdk;

/// <summary>
/// What a planned request asks for in time, kept beside its form so that batch planning can merge requests without
/// parsing them back. Instants are unix seconds, days are days since 0001-01-01, and an open end is
/// <see cref="long.MaxValue"/>.
/// </summary>
internal readonly record struct RequestWindow(RequestWindowKind Kind, long Start, long End, bool SplitsDaily)
{
    public static RequestWindow None => default;

    public static RequestWindow Instants(long start, long end, bool splitsDaily = false) =>
        new(RequestWindowKind.Instants, start, end, splitsDaily);

    public static RequestWindow Days(long start, long end) => new(RequestWindowKind.Days, start, end, false);

    public static RequestWindow LastUpdate(long since) => new(RequestWindowKind.LastUpdate, since, since, false);
}
