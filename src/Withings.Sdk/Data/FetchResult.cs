using System.Text.Json;

namespace Withings.Sdk;

/// <summary>
/// What one planned request fetched, all its pages together: the raw <c>body</c> and the typed rows, or the error
/// that stopped it.
/// </summary>
public sealed record FetchResult
{
    /// <summary>The request as planned (page offsets and signing fields are never written into it).</summary>
    public required FetchRequest Request { get; init; }

    /// <summary>The absolute URL the request was sent to.</summary>
    public required Uri Url { get; init; }

    /// <summary>
    /// The envelope's <c>body</c>, with the rows of every page together under their usual name
    /// (<c>measuregrps</c>, <c>series</c>, <c>activities</c>, …) and the other fields of the last page.
    /// Undefined (<see cref="JsonValueKind.Undefined"/>) when the first page failed.
    /// </summary>
    public JsonElement Body { get; init; }

    /// <summary>How many pages (HTTP requests, retries not counted) were read.</summary>
    public int Pages { get; init; }

    /// <summary>How many rows all the pages held together.</summary>
    public int Rows { get; init; }

    /// <summary>
    /// Whether Withings still had more when reading stopped at <see cref="WithingsFetchOptions.MaxPages"/>; send the
    /// request again with the last <c>offset</c> of <see cref="Body"/> to go on.
    /// </summary>
    public bool Truncated { get; init; }

    /// <summary>The measure groups of a <c>getmeas</c> request, with real values; empty for other services.</summary>
    public IReadOnlyList<MeasureGroup> MeasureGroups { get; init; } = [];

    /// <summary>The rows of a v2 service's <c>series</c> or <c>activities</c>, with their dates; empty for other services.</summary>
    public IReadOnlyList<SeriesEntry> Series { get; init; } = [];

    /// <summary>
    /// Why the request failed, when it did: usually a <see cref="WithingsApiException"/>; an
    /// <see cref="InvalidOperationException"/> when no token was available; a <see cref="JsonException"/> naming the
    /// field when a row could not be read (the raw <see cref="Body"/> is still there).
    /// </summary>
    public Exception? Error { get; init; }

    /// <summary>Whether every page was fetched and read.</summary>
    public bool IsSuccess => Error is null;
}
