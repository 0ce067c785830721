using System.Net.Http.Headers;
using System.Text;

namespace Withings.Sdk.Internal.Wire;

/// <summary>
/// A form as the body of a request: exactly the text of <see cref="FormEncoding.Encode"/>, as
/// <c>application/x-www-form-urlencoded</c>. Every request the SDK sends uses it, so that what a caller sees in
/// <see cref="FetchRequest.ToFormString"/> is what goes on the wire.
/// </summary>
internal static class FormContent
{
    public const string MediaType = "application/x-www-form-urlencoded";

    public static HttpContent Create(IReadOnlyList<KeyValuePair<string, string>> form)
    {
        // The encoded form is ASCII: every other character is percent-encoded.
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(FormEncoding.Encode(form)));
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        return content;
    }
}
