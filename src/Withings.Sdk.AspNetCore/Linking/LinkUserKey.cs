using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// How the linking endpoints know who your signed-in user is. By default: the <see cref="ClaimTypes.NameIdentifier"/>
/// claim of an authenticated user (what ASP.NET Core Identity and most sign-in handlers set); replaced by
/// <c>UseUserKey</c>.
/// </summary>
internal sealed class LinkUserKey(Func<HttpContext, string?> resolve)
{
    public static LinkUserKey Default { get; } = new(static context =>
        context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value : null);

    public string? Of(HttpContext context) => resolve(context) is { Length: > 0 } key ? key : null;
}
