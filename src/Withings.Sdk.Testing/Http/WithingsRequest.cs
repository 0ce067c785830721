namespace Withings.Sdk.Testing;

/// <summary>One request as the <see cref="WithingsLookAlike"/> received it, for tests to assert on.</summary>
/// <param name="ReceivedAt">When it arrived, by the look-alike's <see cref="WithingsLookAlikeOptions.TimeProvider"/>.</param>
/// <param name="Method">The HTTP method, for example <c>POST</c>.</param>
/// <param name="Path">The path, for example <c>/v2/sleep</c>.</param>
/// <param name="QueryString">The query string with its <c>?</c>, or an empty string: Withings' own clients send none.</param>
/// <param name="Action">The <c>action</c> field, or an empty string when there is none.</param>
/// <param name="Form">The form fields of the query string and the form body, decoded; a repeated field keeps its last value.</param>
/// <param name="Headers">The request headers, names compared without case; repeated values are joined by commas.</param>
/// <param name="Body">The raw body text.</param>
public sealed record WithingsRequest(
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string QueryString,
    string Action,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    /// <summary>The bearer token of the <c>Authorization</c> header, or <see langword="null"/> when there is none.</summary>
    public string? BearerToken =>
        Headers.TryGetValue("Authorization", out var value) && value.StartsWith("Bearer ", StringComparison.Ordinal) && value.Length > 7
            ? value.Substring(7)
            : null;

    /// <summary>The value of a form field, or <see langword="null"/> when the request did not send it.</summary>
    /// <param name="name">The field name, for example <c>callbackurl</c>.</param>
    /// <returns>The decoded value, or <see langword="null"/>.</returns>
    public string? Field(string name) => Form.TryGetValue(name, out var value) ? value : null;
}
