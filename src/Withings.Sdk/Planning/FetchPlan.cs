using System.Collections.ObjectModel;
using System.Text;

namespace Withings.Sdk;

/// <summary>
/// The requests that fetch a notification's data (or a batch's), in the order to send them. An empty plan says in
/// <see cref="Reason"/> why there is nothing to fetch; <see cref="Omitted"/> lists what a bounded plan left out.
/// </summary>
/// <remarks>Two plans are equal when they hold equal requests in the same order, the same reason and the same omitted windows.</remarks>
public sealed record FetchPlan
{
    private static readonly ReadOnlyCollection<FetchRequest> NoRequests = new([]);
    private static readonly ReadOnlyCollection<OmittedWindow> NothingOmitted = new([]);

    /// <summary>Creates a plan.</summary>
    /// <param name="requests">The requests, in order. The list is copied.</param>
    /// <param name="reason">Why the plan is empty, when it is.</param>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="requests"/> holds a null.</exception>
    public FetchPlan(IReadOnlyList<FetchRequest> requests, string? reason = null)
        : this(Copy(requests), reason)
    {
    }

    internal FetchPlan(FetchRequest[] requests, string? reason, OmittedWindow[]? omitted = null)
    {
        Requests = requests.Length == 0 ? NoRequests : new ReadOnlyCollection<FetchRequest>(requests);
        Reason = reason;
        Omitted = omitted is null || omitted.Length == 0 ? NothingOmitted : new ReadOnlyCollection<OmittedWindow>(omitted);
    }

    /// <summary>The requests, in the order to send them.</summary>
    public IReadOnlyList<FetchRequest> Requests { get; }

    /// <summary>Why there is nothing to fetch, when the plan is empty; for example for a bed-in event.</summary>
    public string? Reason { get; }

    /// <summary>
    /// The parts of the windows that the plan leaves out, oldest first per service: the part of a Sleep v2 - Get or
    /// Measure v2 - Getintradayactivity window before its most recent
    /// <see cref="WithingsPlanningOptions.MaxSplitWindow"/>, any part after now, and, for a notification without a
    /// window, the part between a sync cursor older than <see cref="WithingsPlanningOptions.Lookback"/> and the recent
    /// window planned instead. Empty for every window Withings sends in practice and for a cursor within the lookback;
    /// when not, fetch what you need deliberately with <see cref="OmittedWindow.EnumerateRequests"/>.
    /// </summary>
    public IReadOnlyList<OmittedWindow> Omitted { get; }

    /// <summary>Whether there is nothing to fetch.</summary>
    public bool IsEmpty => Requests.Count == 0;

    /// <inheritdoc />
    public bool Equals(FetchPlan? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!string.Equals(Reason, other.Reason, StringComparison.Ordinal) || Requests.Count != other.Requests.Count
            || !Omitted.SequenceEqual(other.Omitted))
        {
            return false;
        }

        for (var i = 0; i < Requests.Count; i++)
        {
            if (!Requests[i].Equals(other.Requests[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            var hash = StringComparer.Ordinal.GetHashCode(Reason ?? string.Empty);
            foreach (var request in Requests)
            {
                hash = (hash * 31) + request.GetHashCode();
            }

            return (hash * 31) + Omitted.Count;
        }
    }

    /// <summary>One request per line, or the reason of an empty plan, then one line per omitted window.</summary>
    /// <returns>A readable description of the plan.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        if (IsEmpty)
        {
            builder.Append("no requests: ").Append(Reason ?? "nothing to fetch");
        }

        foreach (var request in Requests)
        {
            builder.Append(builder.Length > 0 ? Environment.NewLine : string.Empty).Append(request);
        }

        foreach (var omitted in Omitted)
        {
            builder.Append(Environment.NewLine).Append(omitted);
        }

        return builder.ToString();
    }

    private static FetchRequest[] Copy(IReadOnlyList<FetchRequest> requests)
    {
        if (requests is null)
        {
            throw new ArgumentNullException(nameof(requests));
        }

        var copy = new FetchRequest[requests.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = requests[i] ?? throw new ArgumentException($"requests: item {i} is null.", nameof(requests));
        }

        return copy;
    }
}
