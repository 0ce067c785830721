using System.Net;
using Microsoft.AspNetCore.Http;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The small HTML pages the linking endpoints end on: a title, one sentence, perhaps a link to start again. Fixed
/// texts, never a request value, a token or an exception; not cached, not framed, no referrer (the callback's URL
/// holds the code and the state).
/// </summary>
internal static class LinkPage
{
    public static Task WriteSuccessAsync(HttpResponse response) =>
        WriteAsync(response, StatusCodes.Status200OK, "Withings account linked", "Your Withings data will now reach this application. You can close this page.", startAgain: null);

    public static Task WriteFailureAsync(HttpResponse response, LinkFailure failure, string startAgain)
    {
        var (status, title, text) = Describe(failure);
        var again = failure is LinkFailure.NotSignedIn or LinkFailure.Failed ? null : startAgain;
        return WriteAsync(response, status, title, text, again);
    }

    public static int StatusOf(LinkFailure failure) => Describe(failure).Status;

    private static (int Status, string Title, string Text) Describe(LinkFailure failure) => failure switch
    {
        LinkFailure.NotSignedIn => (StatusCodes.Status401Unauthorized, "Sign in first", "Sign in to this application, then link your Withings account."),
        LinkFailure.DemoNotAllowed => (StatusCodes.Status400BadRequest, "Demo account not available", "This application does not offer Withings' demo account."),
        LinkFailure.ReturnUrlNotLocal => (StatusCodes.Status400BadRequest, "Link not valid", "The page to return to is not part of this application."),
        LinkFailure.Denied => (StatusCodes.Status403Forbidden, "Withings account not linked", "You chose not to share your Withings data, so nothing was linked."),
        LinkFailure.WithingsError => (StatusCodes.Status400BadRequest, "Withings account not linked", "Withings could not authorize this application."),
        LinkFailure.InvalidState => (StatusCodes.Status400BadRequest, "Link not valid", "This answer from Withings could not be verified, so nothing was linked."),
        LinkFailure.ExpiredState => (StatusCodes.Status400BadRequest, "Link expired", "Too much time passed since linking started, so nothing was linked."),
        LinkFailure.OtherUser => (StatusCodes.Status403Forbidden, "Link started by another account", "Linking was started while signed in as someone else, so nothing was linked."),
        LinkFailure.ReplayedState => (StatusCodes.Status400BadRequest, "Link already used", "This answer from Withings was already used once."),
        LinkFailure.MissingCode => (StatusCodes.Status400BadRequest, "Withings account not linked", "Withings sent no authorization code."),
        LinkFailure.CodeRefused => (StatusCodes.Status400BadRequest, "Withings account not linked", "Withings refused the authorization: its code works once, within 30 seconds."),
        LinkFailure.WithingsUnavailable => (StatusCodes.Status502BadGateway, "Withings did not answer", "Withings could not be reached to complete the link. Try again in a moment."),
        _ => (StatusCodes.Status500InternalServerError, "Linking failed", "Something went wrong on our side while linking your Withings account. Try again later."),
    };

    private static Task WriteAsync(HttpResponse response, int status, string title, string text, string? startAgain)
    {
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        var again = startAgain is null ? string.Empty : "\n<p><a href=\"" + WebUtility.HtmlEncode(startAgain) + "\">Start again</a></p>";
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n<title>" + WebUtility.HtmlEncode(title) + "</title>\n<h1>"
            + WebUtility.HtmlEncode(title) + "</h1>\n<p>" + WebUtility.HtmlEncode(text) + "</p>" + again + "\n</html>\n";
        return response.WriteAsync(html);
    }
}
