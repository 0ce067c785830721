using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Withings.Sdk.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the receiver's dashboard: an operator's window on notifications, dead letters and users.</summary>
public static class WithingsDashboardEndpointRouteBuilderExtensions
{
    /// <summary>The route used when none is given: <c>/withings/admin</c>.</summary>
    public const string DefaultPattern = "/withings/admin";

    /// <summary>
    /// Maps the dashboard under <paramref name="pattern"/>: an overview (notifications received, acknowledged,
    /// duplicates, handled and dead-lettered per category over the last hour and day, the queue, the rate limit),
    /// "where is my notification" (the path of a user's recent notifications), the dead letters (masked bodies;
    /// replay and purge, posted with an antiforgery token) and the users (the subscription reconciler's last check,
    /// time zones and cursors). Pages are rendered on the server, with no script and nothing loaded from elsewhere;
    /// they never show a token, a secret or a body value other than the user id and the category.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route prefix, <see cref="DefaultPattern"/> by default.</param>
    /// <param name="configure">Who may open it: set <see cref="WithingsDashboardOptions.AuthorizationPolicy"/>, or
    /// <see cref="WithingsDashboardOptions.RestrictToLoopback"/> on a development machine. Required.</param>
    /// <returns>The pages' convention builder, to add metadata, rate limiting or more authorization.</returns>
    /// <exception cref="InvalidOperationException">Neither a policy nor the loopback restriction is set, the policy
    /// is not registered, or the receiver's or antiforgery's services are not registered.</exception>
    public static IEndpointConventionBuilder MapWithingsDashboard(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern = DefaultPattern,
        Action<WithingsDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var options = new WithingsDashboardOptions();
        configure?.Invoke(options);
        var services = endpoints.ServiceProvider;
        Validate(services, options);

        var logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger("Withings.Sdk.AspNetCore.Dashboard") ?? NullLogger.Instance;
        var pages = new Lazy<DashboardPages>(() => new DashboardPages(services, pattern, logger));
        var loopbackOnly = options.AuthorizationPolicy is null;
        RequestDelegate Guard(Func<DashboardPages, HttpContext, Task> page) => context =>
        {
            if (loopbackOnly && !IsLocal(context))
            {
                DashboardLog.NotLoopback(logger);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return page(pages.Value, context);
        };

        var group = endpoints.MapGroup(pattern);
        group.MapGet("/", Guard(static (p, c) => p.OverviewAsync(c))).WithDisplayName("Withings dashboard: overview");
        group.MapGet("/notifications", Guard(static (p, c) => p.NotificationsAsync(c))).WithDisplayName("Withings dashboard: notifications");
        group.MapGet("/dead-letters", Guard(static (p, c) => p.DeadLettersAsync(c))).WithDisplayName("Withings dashboard: dead letters");
        group.MapPost("/dead-letters/replay", Guard(static (p, c) => p.ReplayAsync(c))).WithDisplayName("Withings dashboard: replay");
        group.MapPost("/dead-letters/purge", Guard(static (p, c) => p.PurgeAsync(c))).WithDisplayName("Withings dashboard: purge");
        group.MapGet("/users", Guard(static (p, c) => p.UsersAsync(c))).WithDisplayName("Withings dashboard: users");
        if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }

        return group;
    }

    private static void Validate(IServiceProvider services, WithingsDashboardOptions options)
    {
        var registrations = services.GetService<IServiceProviderIsService>();
        if (registrations is not null && !registrations.IsService(typeof(ReceiverMetrics)))
        {
            throw new InvalidOperationException(
                "The Withings receiver is not registered: call services.AddWithingsNotifications().AddReceiver() before mapping the dashboard.");
        }

        if (options.AuthorizationPolicy is null && !options.RestrictToLoopback)
        {
            throw new InvalidOperationException(
                "The Withings dashboard shows your users' notifications and can replay and purge dead letters, so it needs an authorization policy: "
                + "MapWithingsDashboard(pattern, o => o.AuthorizationPolicy = \"YourAdminPolicy\"), or o.RestrictToLoopback = true on a development machine.");
        }

        if (options.AuthorizationPolicy is { } policy)
        {
            var provider = services.GetService<IAuthorizationPolicyProvider>() ?? throw new InvalidOperationException(
                "The Withings dashboard requires the authorization policy '" + policy + "', but authorization is not registered: call services.AddAuthorization(o => o.AddPolicy(...)).");

            // The default provider answers at once; a missing policy is a typo better found at startup than at the first visit.
            if (provider.GetPolicyAsync(policy).GetAwaiter().GetResult() is null)
            {
                throw new InvalidOperationException("The Withings dashboard requires the authorization policy '" + policy + "', which is not registered.");
            }
        }

        if (registrations is not null && !registrations.IsService(typeof(IAntiforgery)))
        {
            throw new InvalidOperationException(
                "The Withings dashboard posts its actions with an antiforgery token: call services.AddAntiforgery() before mapping it.");
        }
    }

    // A proxy on this machine makes every visitor look local: a forwarded request is never taken for a local one.
    private static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
        && IPAddress.IsLoopback(address)
        && !context.Request.Headers.ContainsKey("X-Forwarded-For")
        && !context.Request.Headers.ContainsKey("Forwarded");
}
