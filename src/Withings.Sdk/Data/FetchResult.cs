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
    /// Whether Withings still had more when reading stopped at <see cref="WithingsFetchOptions.MaxPages"/>: the result
    /// is not complete; <see cref="IWithingsDataClient.ContinueAsync(FetchResult, CancellationToken)"/> reads on from
    /// <see cref="NextOffset"/>.
    /// </summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// Where Withings said to go on (its <c>offset</c>) when reading stopped at
    /// <see cref="WithingsFetchOptions.MaxPages"/>; <see langword="null"/> when every page was read or the request
    /// failed. The request with <c>offset</c> set to it reads the rest (see
    /// <see cref="IWithingsDataClient.ContinueAsync(FetchResult, CancellationToken)"/>).
    /// </summary>
    public long? NextOffset { get; init; }

    /// <summary>
    /// Whether every page was fetched and read: no <see cref="Error"/> and nothing left at <see cref="NextOffset"/>.
    /// Only a complete result holds everything Withings has for its <see cref="Window"/>.
    /// </summary>
    public bool IsComplete => Error is null && NextOffset is null;

    /// <summary>
    /// What the request asked for in time, read from its form: <c>startdate</c>/<c>enddate</c>,
    /// <c>startdateymd</c>/<c>enddateymd</c>, or <c>lastupdate</c>. A complete result of an
    /// <see cref="FetchWindowKind.Instants"/> or <see cref="FetchWindowKind.Days"/> window holds every row Withings has
    /// in it, so a row you keep in that window and the result lacks was deleted at Withings (docs/sync.md).
    /// </summary>
    public FetchWindow Window { get; init; } = FetchWindow.None;

    /// <summary>
    /// Withings' own clock for this data: the latest <c>modified</c> of the rows read, else (no row carries one) the
    /// response's <c>updatetime</c>; <see langword="null"/> when Withings sent neither. After a complete result it is a
    /// safe <c>lastupdate</c> for the next fetch: unlike this host's clock, it cannot run ahead of Withings' data.
    /// Of a result that is not <see cref="IsComplete"/>, rows not read yet may be older: do not move a cursor to it.
    /// </summary>
    public DateTimeOffset? DataUpdatedAt { get; init; }

    /// <summary>
    /// The typed rows of every page, by service (see <see cref="FetchRecords"/> for the row type of each); empty
    /// when the request failed. Match on <see cref="FetchRecords{T}"/> or call <see cref="GetRecords{T}"/>.
    /// </summary>
    public FetchRecords Records { get; init; } = RecordReader.None;

    /// <summary>
    /// The rows Withings sent that could not be typed, each kept as sent with where it was and why (a field in an
    /// unexpected shape, such as <c>55.5</c> where Withings documents an integer); empty when every row was typed.
    /// They do not make the request fail: every other row is in <see cref="Records"/>, and for a service that lists
    /// rows, <see cref="Records"/> and these together hold every row of <see cref="Rows"/>. The SDK logs each result
    /// with unread rows once (paths only, never a value) and counts them in <c>withings.data.unread_rows</c>.
    /// </summary>
    public IReadOnlyList<UnreadRow> UnreadRows { get; init; } = [];

    /// <summary>
    /// The user's IANA time zone as Withings sent it with the data (getmeas' <c>timezone</c>, else the first row's:
    /// getactivity, getworkouts, sleep getsummary, getdevice), for example <c>Europe/Paris</c>;
    /// <see langword="null"/> when Withings sent none.
    /// </summary>
    public string? TimeZone { get; init; }

    /// <summary>
    /// The follow-up requests run for this one, in order: the Heart v2 <c>get</c> of each ECG signal of a Heart v2
    /// <c>list</c> when <see cref="WithingsFetchOptions.EcgSignals"/> is on, the Stetho v2 <c>get</c> of each signal of
    /// a Stetho v2 <c>list</c> when <see cref="WithingsFetchOptions.StethoscopeSignals"/> is on. Each has its own
    /// <see cref="Error"/>; a failed follow-up leaves its recording's <see cref="EcgRecording.Signal"/> (or
    /// <see cref="StethoscopeRecording.Signal"/>) empty.
    /// </summary>
    public IReadOnlyList<FetchResult> FollowUps { get; init; } = [];

    /// <summary>The measure groups of a <c>getmeas</c> request, with real values; empty for other services.</summary>
    public IReadOnlyList<MeasureGroup> MeasureGroups { get; init; } = [];

    /// <summary>
    /// The rows of a v2 service's <c>series</c> or <c>activities</c> with their dates and every other field as JSON;
    /// empty for other services. <see cref="Records"/> has them fully typed; a row whose dates cannot be read is left
    /// out here and kept in <see cref="UnreadRows"/>.
    /// </summary>
    public IReadOnlyList<SeriesEntry> Series { get; init; } = [];

    /// <summary>
    /// Why the request failed, when it did: a <see cref="WithingsApiException"/> for anything about the response
    /// (Withings refused it, no answer, rows not in the service's shape at all, such as a string where the list of
    /// rows should be: its message and inner <see cref="JsonException"/> name the field, and the raw
    /// <see cref="Body"/> is still there; paging that does not advance); an <see cref="InvalidOperationException"/>
    /// when no token was available. A single row that cannot be typed is not an error: see <see cref="UnreadRows"/>.
    /// </summary>
    public Exception? Error { get; init; }

    /// <summary>
    /// Whether the request succeeded: no <see cref="Error"/>. It may still be <see cref="Truncated"/>; see
    /// <see cref="IsComplete"/>.
    /// </summary>
    public bool IsSuccess => Error is null;

    /// <summary>The typed rows when they are of type <typeparamref name="T"/>, else none.</summary>
    /// <typeparam name="T">The row type, for example <see cref="SleepSummary"/>.</typeparam>
    /// <returns>The rows, or an empty list.</returns>
    public IReadOnlyList<T> GetRecords<T>() => Records is FetchRecords<T> records ? records.Items : [];
}
