namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Who may open the dashboard mapped by <c>MapWithingsDashboard</c>. One of the two must be chosen, or mapping it
/// throws: the dashboard shows which users get notifications and lets its reader replay and purge dead letters.
/// </summary>
public sealed class WithingsDashboardOptions
{
    /// <summary>
    /// The name of the authorization policy every page and action requires (registered with
    /// <c>services.AddAuthorization(o =&gt; o.AddPolicy(name, …))</c>). An anonymous request is challenged (401, or
    /// the sign-in redirect of your scheme), a signed-in user outside the policy gets 403.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Serves the dashboard without a policy, to requests from this machine only (127.0.0.0/8 and ::1) that no proxy
    /// forwarded (no <c>Forwarded</c> or <c>X-Forwarded-For</c> header); every other request gets 404. Meant for a
    /// development machine or a host reached through an SSH tunnel. Ignored when <see cref="AuthorizationPolicy"/> is set.
    /// </summary>
    public bool RestrictToLoopback { get; set; }
}
