using System.Text.Json;

namespace Withings.Sdk;

/// <summary>
/// A row Withings sent that the SDK could not type (a field in an unexpected shape, such as <c>55.5</c> where Withings
/// documents an integer): kept as Withings sent it, with where it was and why, so that nothing is lost. The other rows
/// of the response stay typed in <see cref="FetchResult.Records"/>.
/// </summary>
public sealed record UnreadRow
{
    /// <summary>Where the row is in the response body: <c>series[1]</c>, <c>measuregrps[0]</c>, <c>series.1594159260</c> (intraday activity, keyed by instant), <c>body</c> (a service whose body is the row).</summary>
    public required string Path { get; init; }

    /// <summary>
    /// The field inside the row that could not be read, for example <c>data.hr_average</c>; <see langword="null"/>
    /// when the row itself is not a row (<c>null</c>, a number, …).
    /// </summary>
    public string? Field { get; init; }

    /// <summary>What was expected there, in the SDK's words (never the value Withings sent).</summary>
    public required string Reason { get; init; }

    /// <summary>The row exactly as Withings sent it.</summary>
    public required JsonElement Json { get; init; }
}
