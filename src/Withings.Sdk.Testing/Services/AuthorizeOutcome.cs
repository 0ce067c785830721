namespace Withings.Sdk.Testing.Services;

/// <summary>Where the look-alike's authorization page sends the user back to, or why it cannot (then nobody is sent back).</summary>
/// <param name="Location">The redirect URI with <c>code</c> (or <c>error</c>) and <c>state</c> added.</param>
/// <param name="Problem">What is wrong with the request, when it cannot be redirected.</param>
internal sealed record AuthorizeOutcome(Uri? Location, string? Problem);
