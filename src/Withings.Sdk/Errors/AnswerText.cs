using System.Globalization;
using System.Net;

namespace Withings.Sdk;

/// <summary>
/// What Withings answered, for a log line: it prints only what is known, so that a network failure reads "no Withings status"
/// instead of "Withings status (null), HTTP (null)". A struct formatted by the logger, so that nothing is built when
/// the level is off.
/// </summary>
/// <param name="Status">The Withings status, when an envelope was read.</param>
/// <param name="HttpStatus">The HTTP status, when a response came back.</param>
internal readonly record struct AnswerText(int? Status, HttpStatusCode? HttpStatus)
{
    /// <summary>For example <c>Withings status 601</c>, <c>HTTP 502, no Withings status</c>, or <c>no Withings status</c>.</summary>
    public override string ToString()
    {
        // A Withings status comes in an HTTP 200 envelope: the HTTP status adds nothing then, unless it was another.
        if (Status is int withings)
        {
            var text = "Withings status " + withings.ToString(CultureInfo.InvariantCulture);
            return HttpStatus is { } http && http != HttpStatusCode.OK ? text + ", HTTP " + ((int)http).ToString(CultureInfo.InvariantCulture) : text;
        }

        return HttpStatus is { } only ? "HTTP " + ((int)only).ToString(CultureInfo.InvariantCulture) + ", no Withings status" : "no Withings status";
    }
}
