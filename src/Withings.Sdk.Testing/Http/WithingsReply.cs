using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Withings.Sdk.Testing;

/// <summary>
/// What the <see cref="WithingsLookAlike"/> answers to one request. Withings answers HTTP 200 even when it refuses, with
/// <c>{"status":N,"body":{…}}</c>; only status 0 is success. <see cref="Http"/> is for the failures of the network
/// around Withings (a proxy's 502, an outage), which Withings itself does not send.
/// </summary>
public sealed record WithingsReply
{
    private WithingsReply(HttpStatusCode httpStatus, string content, string contentType)
    {
        HttpStatus = httpStatus;
        Content = content;
        ContentType = contentType;
    }

    /// <summary>The HTTP status code sent.</summary>
    public HttpStatusCode HttpStatus { get; }

    /// <summary>The response body sent.</summary>
    public string Content { get; }

    /// <summary>The media type sent.</summary>
    public string ContentType { get; }

    /// <summary>A successful answer: <c>{"status":0,"body":…}</c> around <paramref name="body"/>.</summary>
    /// <param name="body">The <c>body</c> object.</param>
    /// <returns>The reply.</returns>
    public static WithingsReply Ok(JsonObject body) =>
        Ok((body ?? throw new ArgumentNullException(nameof(body))).ToJsonString());

    /// <summary>A successful answer: <c>{"status":0,"body":…}</c> around <paramref name="bodyJson"/>.</summary>
    /// <param name="bodyJson">The JSON of the <c>body</c> object, for example <c>{"series":[]}</c>.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentException"><paramref name="bodyJson"/> is not a JSON object.</exception>
    public static WithingsReply Ok(string bodyJson)
    {
        if (bodyJson is null)
        {
            throw new ArgumentNullException(nameof(bodyJson));
        }

        using (var document = ParseJson(bodyJson, nameof(bodyJson)))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("The body must be a JSON object.", nameof(bodyJson));
            }
        }

        return new WithingsReply(HttpStatusCode.OK, "{\"status\":0,\"body\":" + bodyJson + "}", "application/json");
    }

    /// <summary>A Withings refusal: HTTP 200 with <c>{"status":N,"body":{},"error":…}</c>, N being <paramref name="status"/>.</summary>
    /// <param name="status">The Withings status, for example 601 (too many requests) or 401 (authentication failed).</param>
    /// <param name="error">The <c>error</c> text Withings adds to a refusal.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is 0, which is success, not a refusal.</exception>
    public static WithingsReply Status(int status, string error = "look-alike refusal")
    {
        if (status == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Status 0 is success; use Ok.");
        }

        var envelope = new JsonObject { ["status"] = status, ["body"] = new JsonObject(), ["error"] = error };
        return new WithingsReply(HttpStatusCode.OK, envelope.ToJsonString(), "application/json");
    }

    /// <summary>A whole envelope as given, sent with HTTP 200, for example a response captured from Withings.</summary>
    /// <param name="envelopeJson">The complete JSON text, for example <c>{"status":0,"body":{"profiles":[]}}</c>.</param>
    /// <returns>The reply.</returns>
    public static WithingsReply Json(string envelopeJson) =>
        new(HttpStatusCode.OK, envelopeJson ?? throw new ArgumentNullException(nameof(envelopeJson)), "application/json");

    /// <summary>A non-200 HTTP answer, as a proxy or an outage in front of Withings gives.</summary>
    /// <param name="status">The HTTP status, for example 502.</param>
    /// <param name="content">The body text.</param>
    /// <returns>The reply.</returns>
    public static WithingsReply Http(HttpStatusCode status, string content = "") =>
        new(status, content ?? string.Empty, "text/plain");

    private static JsonDocument ParseJson(string json, string parameter)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException("The text is not valid JSON.", parameter, e);
        }
    }
}
