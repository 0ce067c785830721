using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>PLACEHOLDER: completed by the FetchPlanner issue.</summary>
public sealed class FetchPlanner
{
    private readonly IOptionsMonitor<WithingsOptions>? _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a planner with the default options and the system clock.</summary>
    public FetchPlanner()
        : this(null, null)
    {
    }

    /// <summary>Creates a planner.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public FetchPlanner(IOptionsMonitor<WithingsOptions>? options, TimeProvider? timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Plans the requests that fetch one notification's data.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="context">The user's time zone and cursor; <see cref="PlanningContext.Default"/> when <see langword="null"/>.</param>
    /// <returns>The plan.</returns>
    public FetchPlan Plan(WithingsNotification notification, PlanningContext? context = null) =>
        throw new NotImplementedException(_options is null ? nameof(FetchPlanner) : _timeProvider.ToString());

    /// <summary>Plans a batch of notifications together, coalescing their requests.</summary>
    /// <param name="notifications">The notifications.</param>
    /// <param name="contextForUser">The context of each user; <see cref="PlanningContext.Default"/> when <see langword="null"/>.</param>
    /// <returns>The coalesced plan.</returns>
    public FetchPlan Plan(IEnumerable<WithingsNotification> notifications, Func<long?, PlanningContext?>? contextForUser = null) =>
        throw new NotImplementedException();
}
