using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Withings.Sdk;

/// <summary>Reads the Withings envelope <c>{"status": …, "body": …, "error": …}</c> from a response.</summary>
internal static class WithingsResponseReader
{
    /// <summary>The largest response read; Withings pages its data, so a bigger one is not a Withings answer.</summary>
    public const int MaxResponseBytes = 32 * 1024 * 1024;

    private static readonly JsonElement EmptyBody = CreateEmptyBody();

    /// <summary>Reads the envelope: the body on status 0, a failure otherwise.</summary>
    public static async Task<(JsonElement Body, AttemptFailure? Failure)> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return (default, HttpFailure(response));
        }

        var contentType = response.Content.Headers.ContentType?.MediaType ?? "none";
        var bytes = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (default, new AttemptFailure
            {
                Kind = "too-large",
                HttpStatus = response.StatusCode,
                Description = "the response is larger than 32 MiB",
                Advice = "Check that WithingsOptions.ApiBaseAddress points at the Withings API.",
            });
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return Interpret(document.RootElement, response.StatusCode);
        }
        catch (JsonException e)
        {
            // Transient: an answer cut short (a dropped connection, a proxy) or a maintenance page passes on a later
            // attempt; a wrong ApiBaseAddress spends the retry budget and then fails with the same advice.
            return (default, new AttemptFailure
            {
                Kind = "not-json",
                HttpStatus = response.StatusCode,
                IsTransient = true,
                Description = "the response is not JSON (Content-Type " + contentType + ", " + bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes)",
                Advice = "If it persists, check that WithingsOptions.ApiBaseAddress points at the Withings API and not at a web page or a proxy.",
                Cause = e,
            });
        }
    }

    private static (JsonElement Body, AttemptFailure? Failure) Interpret(JsonElement root, HttpStatusCode httpStatus)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("status", out var statusElement)
            || !TryReadStatus(statusElement, out var status))
        {
            return (default, new AttemptFailure
            {
                Kind = "not-envelope",
                HttpStatus = httpStatus,
                Description = "the response is JSON but not a Withings envelope (no integer \"status\")",
                Advice = "Check that WithingsOptions.ApiBaseAddress points at the Withings API.",
            });
        }

        if (status != WithingsStatus.Success)
        {
            var error = root.TryGetProperty("error", out var errorElement) && errorElement.ValueKind == JsonValueKind.String
                ? errorElement.GetString()
                : null;
            return (default, AttemptFailure.ForStatus(status, error));
        }

        // Clone detaches the body from the document, which is disposed on return.
        var body = root.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null
            ? bodyElement.Clone()
            : EmptyBody;
        return (body, null);
    }

    // Withings sends an integer; a numeric string is tolerated rather than mistaken for a broken response.
    private static bool TryReadStatus(JsonElement element, out int status)
    {
        status = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt32(out status),
            JsonValueKind.String => int.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out status),
            _ => false,
        };
    }

    private static AttemptFailure HttpFailure(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        // 501 and 505 say the server will never handle this request; other 5xx, 408 and 429 may pass later.
        var transient = (code >= 500 && code is not 501 and not 505) || response.StatusCode == HttpStatusCode.RequestTimeout || code == 429;
        return new AttemptFailure
        {
            Kind = "http",
            HttpStatus = response.StatusCode,
            IsTransient = transient,
            Description = "Withings answered HTTP " + code.ToString(CultureInfo.InvariantCulture) + " (" + response.ReasonPhrase + ") instead of 200",
            Advice = transient
                ? "The Withings API is unavailable or overloaded: try again later."
                : "Check WithingsOptions.ApiBaseAddress and the request.",
        };
    }

    // Returns null when the content exceeds MaxResponseBytes, so a runaway response cannot exhaust memory.
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

#if NET8_0_OR_GREATER
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
#else
        var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        using (stream)
#endif
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
#if NET8_0_OR_GREATER
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
#else
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
#endif
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static JsonElement CreateEmptyBody()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
