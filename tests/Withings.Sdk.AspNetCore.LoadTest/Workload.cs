using System.Text;

namespace Withings.Sdk.AspNetCore.LoadTest;

/// <summary>What each request sends: mostly distinct notifications, some retries of earlier ones, some garbage.</summary>
internal sealed class Workload
{
    // Withings retries a notification at most 9 times over hours (docs/withings-api.md §1); in a burst, 10 % repeats and 10 %
    // unparseable bodies exercise both other paths without dominating.
    private const int DuplicateEvery = 10;
    private const int GarbageEvery = 10;
    private const int GarbageOffset = 5;

    // A duplicate repeats the notification sent this many requests earlier (a distinct one), long acknowledged by then.
    private const int DuplicateLag = 999;

    private Workload(byte[][] bodies, RequestKind[] kinds, long[] ids)
    {
        Bodies = bodies;
        Kinds = kinds;
        Ids = ids;
    }

    public byte[][] Bodies { get; }

    public RequestKind[] Kinds { get; }

    /// <summary>The notification each request carries (its userid); 0 for garbage.</summary>
    public long[] Ids { get; }

    public int Count => Bodies.Length;

    public int Distinct => Kinds.Count(k => k == RequestKind.Distinct);

    public int Duplicates => Kinds.Count(k => k == RequestKind.Duplicate);

    public int Garbage => Kinds.Count(k => k == RequestKind.Garbage);

    /// <summary>A workload of given bodies, all of one kind (the hostile mix's).</summary>
    public static Workload Of(byte[][] bodies, RequestKind kind) =>
        new(bodies, Enumerable.Repeat(kind, bodies.Length).ToArray(), new long[bodies.Length]);

    public static Workload Create(int count, long idBase = 1_000_000)
    {
        var bodies = new byte[count][];
        var kinds = new RequestKind[count];
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            if (i % GarbageEvery == GarbageOffset)
            {
                kinds[i] = RequestKind.Garbage;
                bodies[i] = Encoding.ASCII.GetBytes($"not-a-notification={i}&appli=one");
            }
            else if (i % DuplicateEvery == 0 && i >= DuplicateLag && kinds[i - DuplicateLag] == RequestKind.Distinct)
            {
                kinds[i] = RequestKind.Duplicate;
                ids[i] = ids[i - DuplicateLag];
                bodies[i] = bodies[i - DuplicateLag];
            }
            else
            {
                kinds[i] = RequestKind.Distinct;
                ids[i] = idBase + i;
                bodies[i] = Encoding.ASCII.GetBytes($"userid={ids[i]}&appli=1&startdate=1530576000&enddate=1530698753");
            }
        }

        return new Workload(bodies, kinds, ids);
    }

    /// <summary>Deals the requests out round robin; a retry (an odd lag behind) then reaches another instance.</summary>
    public Workload[] Split(int parts) => [.. Enumerable.Range(0, parts).Select(part =>
    {
        var mine = Enumerable.Range(0, Count).Where(i => i % parts == part).ToArray();
        return new Workload([.. mine.Select(i => Bodies[i])], [.. mine.Select(i => Kinds[i])], [.. mine.Select(i => Ids[i])]);
    })];
}

internal enum RequestKind
{
    Distinct,
    Duplicate,
    Garbage,
    Hostile,
}
