using System.Globalization;
using Microsoft.Extensions.Options;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>
/// Turns notifications into the exact Withings API requests that fetch their data: paths, actions, form fields in
/// order, 24-hour windows, time zones and the fallbacks when a notification carries no window. Planning is pure: no
/// I/O, and the clock comes from the <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var planner = new FetchPlanner();
/// var plan = planner.Plan(new NotificationParser().Parse("userid=12345&amp;appli=1&amp;startdate=1530576000&amp;enddate=1530698753"));
/// // POST /measure action=getmeas&amp;meastypes=1,5,6,8,76,77,88,91&amp;category=1&amp;startdate=1530576000&amp;enddate=1530698753
/// </code>
/// </example>
public sealed class FetchPlanner
{
    private static readonly FetchRequest[] NoRequests = [];

    private readonly IOptionsMonitor<WithingsOptions>? _options;
    private readonly WithingsPlanningOptions _defaults = new();
    private readonly TimeProvider _timeProvider;
    private PlanningSettings? _settings;

    /// <summary>Creates a planner with the default options and the system clock.</summary>
    public FetchPlanner()
        : this(null, null)
    {
    }

    /// <summary>Creates a planner.</summary>
    /// <param name="options">The options, read at every call so that reloads apply; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public FetchPlanner(IOptionsMonitor<WithingsOptions>? options, TimeProvider? timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Plans the requests that fetch one notification's data (PLANNING.md, "Per category").</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="context">The user's time zone and cursor; <see cref="PlanningContext.Default"/> when <see langword="null"/>.</param>
    /// <returns>The plan; empty, with a <see cref="FetchPlan.Reason"/>, when there is nothing to fetch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is null.</exception>
    /// <exception cref="OptionsValidationException">The planning options are invalid.</exception>
    public FetchPlan Plan(WithingsNotification notification, PlanningContext? context = null)
    {
        if (notification is null)
        {
            throw new ArgumentNullException(nameof(notification));
        }

        var settings = CurrentSettings();
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var requests = PlanRequests(notification, context ?? PlanningContext.Default, settings, now, out var reason);
        return new FetchPlan(requests, reason);
    }

    /// <summary>
    /// Plans a batch of notifications together (PLANNING.md, "Many notifications at once"): identical requests are
    /// sent once; requests of one user to the same service with the same other fields and overlapping or touching
    /// windows become one request over the union (re-cut into 24-hour windows for intraday activity and sleep);
    /// <c>lastupdate</c> requests keep the earliest cursor. The batch never asks for less data than the notifications
    /// planned one by one.
    /// </summary>
    /// <param name="notifications">The notifications, in the order received.</param>
    /// <param name="contextForUser">
    /// The context of each user (called once per distinct user id, <see langword="null"/> for appli 53);
    /// <see cref="PlanningContext.Default"/> when it or its result is <see langword="null"/>.
    /// </param>
    /// <returns>The coalesced plan: requests grouped by service in order of first appearance, windows in time order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notifications"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="notifications"/> holds a null.</exception>
    /// <exception cref="OptionsValidationException">The planning options are invalid.</exception>
    public FetchPlan Plan(IEnumerable<WithingsNotification> notifications, Func<long?, PlanningContext?>? contextForUser = null)
    {
        if (notifications is null)
        {
            throw new ArgumentNullException(nameof(notifications));
        }

        var settings = CurrentSettings();
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var contexts = new Dictionary<long, PlanningContext>();
        PlanningContext? noUserContext = null;
        var planned = new List<FetchRequest>();
        var count = 0;
        foreach (var notification in notifications)
        {
            if (notification is null)
            {
                throw new ArgumentException($"notifications: item {count} is null.", nameof(notifications));
            }

            count++;
            PlanningContext context;
            if (notification.UserId is not { } userId)
            {
                context = noUserContext ??= contextForUser?.Invoke(null) ?? PlanningContext.Default;
            }
            else if (!contexts.TryGetValue(userId, out context!))
            {
                context = contextForUser?.Invoke(userId) ?? PlanningContext.Default;
                contexts.Add(userId, context);
            }

            planned.AddRange(PlanRequests(notification, context, settings, now, out _));
        }

        if (planned.Count == 0)
        {
            return new FetchPlan(NoRequests, count == 0 ? "no notifications to plan" : $"none of the {count} notifications has data to fetch");
        }

        return new FetchPlan(RequestCoalescer.Coalesce(planned), null);
    }

    private PlanningSettings CurrentSettings()
    {
        var options = _options?.CurrentValue?.Planning ?? _defaults;
        var cached = Volatile.Read(ref _settings);
        var settings = PlanningSettings.For(options, cached);
        if (!ReferenceEquals(settings, cached))
        {
            Volatile.Write(ref _settings, settings);
        }

        return settings;
    }

    private static FetchRequest[] PlanRequests(WithingsNotification notification, PlanningContext context, PlanningSettings settings, long now, out string? reason)
    {
        reason = null;
        var since = context.Since is { } cursor ? cursor.ToUnixTimeSeconds() : now - settings.LookbackSeconds;
        var input = new Inputs(notification.UserId, context.TimeZone, now, since, settings);
        switch (notification)
        {
            case WeightNotification weight:
                return [Getmeas(in input, weight, WeightMeasTypes)];
            case TemperatureNotification temperature:
                return [Getmeas(in input, temperature, TemperatureMeasTypes)];
            case BloodPressureNotification pressure:
                return [Getmeas(in input, pressure, BloodPressureMeasTypes)];
            case ActivityNotification activity:
                return Activity(in input, activity);
            case SleepNotification sleep:
                return Sleep(in input, sleep);
            case EcgNotification ecg:
                return [HeartList(in input, ecg)];
            case GlucoseNotification or StethoscopeNotification or HrvNotification:
                // No meastype is published for glucose, stethoscope or HRV data (REFERENCE.md §5): no filter.
                return [Getmeas(in input, (WindowNotification)notification, null)];
            case SurveyNotification survey:
                return Answers(in input, survey, out reason);
            case NoAccountAssociatedNotification noAccount:
                return Link(noAccount, out reason);
            case UserProfileNotification profile:
                reason = "appli 46 (user profile): no data to fetch; act on action=" + (profile.Action?.Value ?? "(none)") + " (delete, unlink or update)";
                return NoRequests;
            case DeviceEventNotification device:
                reason = $"appli {device.Appli} ({EventName(device)}): an event with no data to fetch";
                return NoRequests;
            default:
                reason = $"appli {notification.Appli} is not a category this SDK knows: nothing to plan; every field is kept in Fields";
                return NoRequests;
        }
    }

    private static FetchRequest Getmeas(in Inputs input, WindowNotification notification, string? measTypes)
    {
        var hasWindow = TryGetWindow(notification, out var start, out var end);
        var form = new KeyValuePair<string, string>[(hasWindow ? 4 : 3) + (measTypes is null ? 0 : 1)];
        var i = 0;
        form[i++] = Field(ActionField, GetMeas);
        if (measTypes is not null)
        {
            form[i++] = Field(MeasTypes, measTypes);
        }

        form[i++] = Field(Category, RealMeasures);
        if (!hasWindow)
        {
            form[i] = Field(LastUpdate, Number(input.Since));
            return new FetchRequest(input.UserId, MeasurePath, form, false, RequestWindow.LastUpdate(input.Since));
        }

        form[i++] = Field(StartDate, Number(start));
        form[i] = Field(EndDate, Number(end));
        return new FetchRequest(input.UserId, MeasurePath, form, false, RequestWindow.Instants(start, end));
    }

    private static FetchRequest[] Activity(in Inputs input, ActivityNotification notification)
    {
        long from, to, firstDay, lastDay;
        if (TryGetWindow(notification, out from, out to))
        {
            firstDay = UserCalendar.EpochDay(from, input.TimeZone);
            lastDay = UserCalendar.EpochDay(to, input.TimeZone);
        }
        else if (notification.Date is { } date)
        {
            firstDay = lastDay = date.Kind == NotificationDateKind.CalendarDay
                ? UserCalendar.EpochDay(date.GetCalendarDay(TimeZoneInfo.Utc))
                : UserCalendar.EpochDay(date.Instant!.Value.ToUnixTimeSeconds(), input.TimeZone);
            from = UserCalendar.Midnight(firstDay, input.TimeZone);
            to = UserCalendar.Midnight(firstDay + 1, input.TimeZone);
        }
        else
        {
            (from, to) = RecentWindow(in input);
            var sinceRequests = new FetchRequest[WindowCount(from, to) + 2];
            sinceRequests[0] = LastUpdateRequest(in input, MeasureV2Path, GetActivity, input.Settings.ActivityDataFields);
            AddDailyWindows(sinceRequests, 1, in input, MeasureV2Path, GetIntradayActivity, from, to, input.Settings.IntradayActivityDataFields);
            sinceRequests[sinceRequests.Length - 1] = LastUpdateRequest(in input, MeasureV2Path, GetWorkouts, input.Settings.WorkoutsDataFields);
            return sinceRequests;
        }

        var first = UserCalendar.FormatDay(firstDay);
        var last = lastDay == firstDay ? first : UserCalendar.FormatDay(lastDay);
        var requests = new FetchRequest[WindowCount(from, to) + 2];
        requests[0] = DaysRequest(in input, GetActivity, first, last, firstDay, lastDay, input.Settings.ActivityDataFields);
        AddDailyWindows(requests, 1, in input, MeasureV2Path, GetIntradayActivity, from, to, input.Settings.IntradayActivityDataFields);
        requests[requests.Length - 1] = DaysRequest(in input, GetWorkouts, first, last, firstDay, lastDay, input.Settings.WorkoutsDataFields);
        return requests;
    }

    private static FetchRequest[] Sleep(in Inputs input, SleepNotification notification)
    {
        if (!TryGetWindow(notification, out var from, out var to))
        {
            (from, to) = RecentWindow(in input);
            var sinceRequests = new FetchRequest[WindowCount(from, to) + 1];
            AddDailyWindows(sinceRequests, 0, in input, SleepV2Path, Get, from, to, input.Settings.SleepDataFields);
            sinceRequests[sinceRequests.Length - 1] = LastUpdateRequest(in input, SleepV2Path, GetSummary, input.Settings.SleepSummaryDataFields);
            return sinceRequests;
        }

        var firstDay = UserCalendar.EpochDay(from, input.TimeZone);
        var lastDay = UserCalendar.EpochDay(to, input.TimeZone);
        var first = UserCalendar.FormatDay(firstDay);
        var last = lastDay == firstDay ? first : UserCalendar.FormatDay(lastDay);
        var requests = new FetchRequest[WindowCount(from, to) + 1];
        AddDailyWindows(requests, 0, in input, SleepV2Path, Get, from, to, input.Settings.SleepDataFields);
        requests[requests.Length - 1] = DaysRequest(in input, SleepV2Path, GetSummary, first, last, firstDay, lastDay, input.Settings.SleepSummaryDataFields);
        return requests;
    }

    private static FetchRequest HeartList(in Inputs input, EcgNotification notification)
    {
        if (!TryGetWindow(notification, out var start, out var end))
        {
            end = input.Now;
            start = Math.Min(input.Since, end);
        }

        KeyValuePair<string, string>[] form = [Field(ActionField, List), Field(StartDate, Number(start)), Field(EndDate, Number(end))];
        return new FetchRequest(input.UserId, HeartV2Path, form, false, RequestWindow.Instants(start, end));
    }

    private static FetchRequest[] Answers(in Inputs input, SurveyNotification notification, out string? reason)
    {
        if (input.UserId is not { } userId)
        {
            reason = "appli 60 (survey) without userid: Answers v2 - Get needs the user";
            return NoRequests;
        }

        reason = null;

        // Unlike the other categories, a lone startdate or enddate is used (PLANNING.md, appli 60).
        long start;
        long? end = null;
        if (TryGetWindow(notification, out start, out var windowEnd))
        {
            end = windowEnd;
        }
        else if (notification.StartDate is { } startDate)
        {
            start = startDate.ToUnixTimeSeconds();
        }
        else
        {
            start = input.Since;
            if (notification.EndDate is { } endDate)
            {
                end = endDate.ToUnixTimeSeconds();
                start = Math.Min(start, end.Value);
            }
        }

        var form = new KeyValuePair<string, string>[end is null ? 3 : 4];
        form[0] = Field(ActionField, Get);
        form[1] = Field(UserId, Number(userId));
        form[2] = Field(StartDate, Number(start));
        if (end is { } last)
        {
            form[3] = Field(EndDate, Number(last));
        }

        return [new FetchRequest(userId, AnswersV2Path, form, true, RequestWindow.Instants(start, end ?? long.MaxValue))];
    }

    private static FetchRequest[] Link(NoAccountAssociatedNotification notification, out string? reason)
    {
        if (string.IsNullOrEmpty(notification.Mac))
        {
            reason = "appli 53 (no account associated) without mac: User v2 - Link needs the device's MAC address";
            return NoRequests;
        }

        reason = null;
        KeyValuePair<string, string>[] form = [Field(ActionField, WithingsServices.Link), Field(MacAddresses, JsonStringArray(notification.Mac))];

        // The device has no user yet: the caller picks whose token links it.
        return [new FetchRequest(null, UserV2Path, form, false, RequestWindow.None)];
    }

    private static FetchRequest DaysRequest(in Inputs input, string action, string first, string last, long firstDay, long lastDay, string? dataFields) =>
        DaysRequest(in input, MeasureV2Path, action, first, last, firstDay, lastDay, dataFields);

    private static FetchRequest DaysRequest(in Inputs input, string path, string action, string first, string last, long firstDay, long lastDay, string? dataFields)
    {
        var form = new KeyValuePair<string, string>[dataFields is null ? 3 : 4];
        form[0] = Field(ActionField, action);
        form[1] = Field(StartDateYmd, first);
        form[2] = Field(EndDateYmd, last);
        if (dataFields is not null)
        {
            form[3] = Field(DataFields, dataFields);
        }

        return new FetchRequest(input.UserId, path, form, false, RequestWindow.Days(firstDay, lastDay));
    }

    private static FetchRequest LastUpdateRequest(in Inputs input, string path, string action, string? dataFields)
    {
        var form = new KeyValuePair<string, string>[dataFields is null ? 2 : 3];
        form[0] = Field(ActionField, action);
        form[1] = Field(LastUpdate, Number(input.Since));
        if (dataFields is not null)
        {
            form[2] = Field(DataFields, dataFields);
        }

        return new FetchRequest(input.UserId, path, form, false, RequestWindow.LastUpdate(input.Since));
    }

    /// <summary><c>split(from, to)</c> into <paramref name="requests"/> from <paramref name="index"/> on.</summary>
    private static void AddDailyWindows(FetchRequest[] requests, int index, in Inputs input, string path, string action, long from, long to, string? dataFields)
    {
        var start = from;
        do
        {
            var end = Math.Min(to, start + MaxWindowSeconds);
            requests[index++] = DailyWindowRequest(input.UserId, path, action, start, end, dataFields);
            start = end;
        }
        while (start < to);
    }

    internal static FetchRequest DailyWindowRequest(long? userId, string path, string action, long start, long end, string? dataFields)
    {
        var form = new KeyValuePair<string, string>[dataFields is null ? 3 : 4];
        form[0] = Field(ActionField, action);
        form[1] = Field(StartDate, Number(start));
        form[2] = Field(EndDate, Number(end));
        if (dataFields is not null)
        {
            form[3] = Field(DataFields, dataFields);
        }

        return new FetchRequest(userId, path, form, false, RequestWindow.Instants(start, end, splitsDaily: true));
    }

    /// <summary>How many windows <c>split(from, to)</c> yields: at least one.</summary>
    internal static int WindowCount(long from, long to) =>
        to <= from ? 1 : (int)(((to - from) + MaxWindowSeconds - 1) / MaxWindowSeconds);

    /// <summary>The no-window fallback of the dated services: <c>[max(since, now − lookback), now]</c>.</summary>
    private static (long From, long To) RecentWindow(in Inputs input) =>
        (Math.Min(Math.Max(input.Since, input.Now - input.Settings.LookbackSeconds), input.Now), input.Now);

    /// <summary>Both bounds, in order; the parser guarantees the order, a hand-built record may not.</summary>
    private static bool TryGetWindow(WindowNotification notification, out long start, out long end)
    {
        if (notification.StartDate is { } startDate && notification.EndDate is { } endDate)
        {
            var a = startDate.ToUnixTimeSeconds();
            var b = endDate.ToUnixTimeSeconds();
            start = Math.Min(a, b);
            end = Math.Max(a, b);
            return true;
        }

        start = end = 0;
        return false;
    }

    private static string EventName(DeviceEventNotification notification) => notification switch
    {
        BedInNotification => "bed in",
        BedOutNotification => "bed out",
        InflateDoneNotification => "inflate done",
        EcgFailedNotification => "ECG failed",
        _ => "device event",
    };

    /// <summary><c>["&lt;mac&gt;"]</c>: the MAC exactly as received, escaped only where JSON requires it.</summary>
    private static string JsonStringArray(string value)
    {
        var plain = true;
        foreach (var c in value)
        {
            plain &= c >= ' ' && c != '"' && c != '\\';
        }

        if (plain)
        {
            return "[\"" + value + "\"]";
        }

        var builder = new System.Text.StringBuilder(value.Length + 16).Append("[\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                < ' ' => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append("\"]").ToString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    private readonly struct Inputs(long? userId, TimeZoneInfo timeZone, long now, long since, PlanningSettings settings)
    {
        public long? UserId { get; } = userId;

        public TimeZoneInfo TimeZone { get; } = timeZone;

        public long Now { get; } = now;

        public long Since { get; } = since;

        public PlanningSettings Settings { get; } = settings;
    }
}
