using System.Globalization;
using Microsoft.Extensions.Options;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>
/// Turns notifications into the exact Withings API requests that fetch their data: paths, actions, form fields in
/// order, 24-hour windows, time zones and the fallbacks when a notification carries no window. Planning is pure: no
/// I/O, and the clock comes from the <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
/// <remarks>
/// The sender does not bound the work: the two services cut into 24-hour requests plan at most the most recent
/// <see cref="WithingsPlanningOptions.MaxSplitWindow"/> of a window, ending no later than now, and list the rest in
/// <see cref="FetchPlan.Omitted"/>; every other request keeps the window as sent. Without a window, they plan the
/// most recent <see cref="WithingsPlanningOptions.Lookback"/> since the cursor and list the older part there too.
/// Planning's time and memory do not depend on the length of a window.
/// </remarks>
/// <example>
/// <code>
/// var planner = new FetchPlanner();
/// var plan = planner.Plan(new NotificationParser().Parse("userid=12345&amp;appli=1&amp;startdate=1530576000&amp;enddate=1530698753"));
/// // POST /measure action=getmeas&amp;category=1&amp;startdate=1530576000&amp;enddate=1530698753
/// </code>
/// </example>
public sealed class FetchPlanner
{
    private static readonly FetchRequest[] NoRequests = [];

    // 0001-01-01T00:00:00Z, the earliest instant a DateTimeOffset holds.
    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();

    private readonly IOptionsMonitor<WithingsOptions>? _options;
    private readonly WithingsPlanningOptions _defaults = new();
    private readonly TimeProvider _timeProvider;
    private readonly bool _optionsValidated;
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
        : this(options, timeProvider, optionsValidated: false)
    {
    }

    /// <summary>Creates a planner; <paramref name="optionsValidated"/> when the options system validates every options instance it gives.</summary>
    internal FetchPlanner(IOptionsMonitor<WithingsOptions>? options, TimeProvider? timeProvider, bool optionsValidated)
    {
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _optionsValidated = optionsValidated;
    }

    /// <summary>Plans the requests that fetch one notification's data.</summary>
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
        List<OmittedWindow>? omitted = null;
        var requests = PlanRequests(notification, context ?? PlanningContext.Default, settings, now, ref omitted, out var reason);
        return new FetchPlan(requests, reason, omitted?.ToArray());
    }

    /// <summary>
    /// Plans a batch of notifications together: identical requests are sent once; requests of one user to the same
    /// service with the same other fields and overlapping or touching windows become one request over the union
    /// (re-cut into 24-hour windows for intraday activity and sleep);
    /// <c>lastupdate</c> requests keep the earliest cursor. The batch never asks for less data than the notifications
    /// planned one by one under the same <see cref="WithingsPlanningOptions.MaxSplitWindow"/>; its
    /// <see cref="FetchPlan.Omitted"/> windows are merged, less what the batch fetches anyway.
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
        List<OmittedWindow>? omitted = null;
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

            planned.AddRange(PlanRequests(notification, context, settings, now, ref omitted, out _));
        }

        if (planned.Count == 0)
        {
            return new FetchPlan(NoRequests, count == 0 ? "no notifications to plan" : $"none of the {count} notifications has data to fetch");
        }

        var coalesced = RequestCoalescer.Coalesce(planned);
        return new FetchPlan(coalesced, null, omitted is null ? null : OmissionCoalescer.Coalesce(omitted, coalesced));
    }

    private PlanningSettings CurrentSettings()
    {
        var options = _options?.CurrentValue?.Planning ?? _defaults;
        var cached = Volatile.Read(ref _settings);
        var settings = PlanningSettings.For(options, cached, _optionsValidated && _options is not null);
        if (!ReferenceEquals(settings, cached))
        {
            Volatile.Write(ref _settings, settings);
        }

        return settings;
    }

    private static FetchRequest[] PlanRequests(WithingsNotification notification, PlanningContext context, PlanningSettings settings, long now, ref List<OmittedWindow>? omitted, out string? reason)
    {
        reason = null;
        var since = context.Since is { } cursor ? cursor.ToUnixTimeSeconds() : now - settings.LookbackSeconds;
        var input = new Inputs(notification.UserId, context.TimeZone, now, since, settings);
        switch (notification)
        {
            case WeightNotification weight:
                return [Getmeas(in input, weight, settings.WeightMeasTypes)];
            case TemperatureNotification temperature:
                return [Getmeas(in input, temperature, settings.TemperatureMeasTypes)];
            case BloodPressureNotification pressure:
                return [Getmeas(in input, pressure, settings.BloodPressureMeasTypes)];
            case ActivityNotification activity:
                return Activity(in input, activity, ref omitted);
            case SleepNotification sleep:
                return Sleep(in input, sleep, ref omitted);
            case EcgNotification ecg:
                return [RecordingList(in input, HeartV2Path, ecg)];
            case StethoscopeNotification stethoscope:
                // The recordings themselves live in Stetho v2; their per-signal get follows the list when it is run.
                return [Getmeas(in input, stethoscope, null), RecordingList(in input, StethoV2Path, stethoscope)];
            case GlucoseNotification or HrvNotification or UrineNotification:
                // Glucose and HRV have no published meastype; urine types are newer than Withings' table: no filter.
                return [Getmeas(in input, (WindowNotification)notification, null)];
            case SurveyNotification survey:
                return Answers(in input, survey, out reason);
            case NoAccountAssociatedNotification noAccount:
                return Link(noAccount, out reason);
            case UserProfileNotification profile:
                reason = "appli 46 (user profile): no data to fetch; act on action=" + (profile.Action?.Value ?? "(none)") + " (delete, unlink or update)";
                return NoRequests;
            case DeviceEventNotification device:
                reason = $"appli {(int)device.Appli} ({EventName(device)}): an event with no data to fetch";
                return NoRequests;
            default:
                reason = $"appli {(int)notification.Appli} is not a category this SDK knows: nothing to plan; every field is kept in Fields";
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

    private static FetchRequest[] Activity(in Inputs input, ActivityNotification notification, ref List<OmittedWindow>? omitted)
    {
        var settings = input.Settings;
        long from, to, firstDay, lastDay;
        if (TryGetWindow(notification, out from, out to))
        {
            (firstDay, lastDay) = UserCalendar.DayRange(from, to, input.TimeZone);
        }
        else if (notification.Date is { } date)
        {
            // A calendar date is the user's own day: never widened. An epoch date is an instant: its day range is.
            long day;
            if (date.Kind == NotificationDateKind.CalendarDay)
            {
                day = firstDay = lastDay = UserCalendar.EpochDay(date.GetCalendarDay(TimeZoneInfo.Utc));
            }
            else
            {
                var instant = date.Instant!.Value.ToUnixTimeSeconds();
                day = UserCalendar.EpochDay(instant, input.Zone);
                (firstDay, lastDay) = UserCalendar.DayRange(instant, instant, input.TimeZone);
            }

            from = UserCalendar.Midnight(day, input.Zone);
            to = UserCalendar.Midnight(day + 1, input.Zone);
        }
        else
        {
            (from, to) = RecentWindow(in input, MeasureV2Path, GetIntradayActivity, settings.IntradayActivityDataFields, ref omitted);
            var sinceSplit = Bound(in input, MeasureV2Path, GetIntradayActivity, from, to, settings.IntradayActivityDataFields, ref omitted);
            var sinceRequests = new FetchRequest[sinceSplit.Count + 2];
            sinceRequests[0] = LastUpdateRequest(in input, MeasureV2Path, GetActivity, settings.ActivityDataFields);
            AddDailyWindows(sinceRequests, 1, in input, MeasureV2Path, GetIntradayActivity, sinceSplit, settings.IntradayActivityDataFields);
            sinceRequests[sinceRequests.Length - 1] = LastUpdateRequest(in input, MeasureV2Path, GetWorkouts, settings.WorkoutsDataFields);
            return sinceRequests;
        }

        var first = UserCalendar.FormatDay(firstDay);
        var last = lastDay == firstDay ? first : UserCalendar.FormatDay(lastDay);
        var split = Bound(in input, MeasureV2Path, GetIntradayActivity, from, to, settings.IntradayActivityDataFields, ref omitted);
        var requests = new FetchRequest[split.Count + 2];
        requests[0] = DaysRequest(in input, GetActivity, first, last, firstDay, lastDay, settings.ActivityDataFields);
        AddDailyWindows(requests, 1, in input, MeasureV2Path, GetIntradayActivity, split, settings.IntradayActivityDataFields);
        requests[requests.Length - 1] = DaysRequest(in input, GetWorkouts, first, last, firstDay, lastDay, settings.WorkoutsDataFields);
        return requests;
    }

    private static FetchRequest[] Sleep(in Inputs input, SleepNotification notification, ref List<OmittedWindow>? omitted)
    {
        var settings = input.Settings;
        if (!TryGetWindow(notification, out var from, out var to))
        {
            (from, to) = RecentWindow(in input, SleepV2Path, Get, settings.SleepDataFields, ref omitted);
            var sinceSplit = Bound(in input, SleepV2Path, Get, from, to, settings.SleepDataFields, ref omitted);
            var sinceRequests = new FetchRequest[sinceSplit.Count + 1];
            AddDailyWindows(sinceRequests, 0, in input, SleepV2Path, Get, sinceSplit, settings.SleepDataFields);
            sinceRequests[sinceRequests.Length - 1] = LastUpdateRequest(in input, SleepV2Path, GetSummary, settings.SleepSummaryDataFields);
            return sinceRequests;
        }

        var (firstDay, lastDay) = UserCalendar.DayRange(from, to, input.TimeZone);
        var first = UserCalendar.FormatDay(firstDay);
        var last = lastDay == firstDay ? first : UserCalendar.FormatDay(lastDay);
        var split = Bound(in input, SleepV2Path, Get, from, to, settings.SleepDataFields, ref omitted);
        var requests = new FetchRequest[split.Count + 1];
        AddDailyWindows(requests, 0, in input, SleepV2Path, Get, split, settings.SleepDataFields);
        requests[requests.Length - 1] = DaysRequest(in input, SleepV2Path, GetSummary, first, last, firstDay, lastDay, settings.SleepSummaryDataFields);
        return requests;
    }

    /// <summary>
    /// Heart v2 or Stetho v2 - List: the notification's window, else <c>[since − lateness, now]</c>. These lists filter
    /// by recording time and have no <c>lastupdate</c>: a recording uploaded late carries a time before the cursor.
    /// </summary>
    private static FetchRequest RecordingList(in Inputs input, string path, WindowNotification notification)
    {
        if (!TryGetWindow(notification, out var start, out var end))
        {
            // Kept within DateTimeOffset's range, so that a cursor at its minimum still gives an instant.
            end = input.Now;
            start = Math.Min(Math.Max(input.Since - input.Settings.LatenessSeconds, MinUnixSeconds), end);
        }

        KeyValuePair<string, string>[] form = [Field(ActionField, List), Field(StartDate, Number(start)), Field(EndDate, Number(end))];
        return new FetchRequest(input.UserId, path, form, false, RequestWindow.Instants(start, end));
    }

    private static FetchRequest[] Answers(in Inputs input, SurveyNotification notification, out string? reason)
    {
        if (input.UserId is not { } userId)
        {
            reason = "appli 60 (survey) without userid: Answers v2 - Get needs the user";
            return NoRequests;
        }

        reason = null;

        // Unlike the other categories, a lone startdate or enddate is used (docs/planning.md, appli 60).
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

    /// <summary>
    /// The bound on the split services: <c>split(max(a, min(b, now) − MaxSplitWindow), min(b, now))</c>, nothing when
    /// the window starts after now. What is cut off goes to <paramref name="omitted"/>. Nothing is allocated for the
    /// window before it is bounded.
    /// </summary>
    private static SplitWindow Bound(in Inputs input, string path, string action, long a, long b, string? dataFields, ref List<OmittedWindow>? omitted)
    {
        var settings = input.Settings;
        var end = Math.Min(b, input.Now);
        if (end < a)
        {
            (omitted ??= []).Add(new OmittedWindow(input.UserId, path, action, dataFields, a, b, OmittedWindowKind.AfterNow, settings.MaxSplitWindow));
            return default;
        }

        var start = Math.Max(a, end - settings.MaxSplitSeconds);
        if (start > a)
        {
            (omitted ??= []).Add(new OmittedWindow(input.UserId, path, action, dataFields, a, start, OmittedWindowKind.OlderThanMaxSplitWindow, settings.MaxSplitWindow));
        }

        if (b > end)
        {
            (omitted ??= []).Add(new OmittedWindow(input.UserId, path, action, dataFields, end, b, OmittedWindowKind.AfterNow, settings.MaxSplitWindow));
        }

        return new SplitWindow(start, end, (int)WindowCount(start, end));
    }

    /// <summary><c>split(from, to)</c> into <paramref name="requests"/> from <paramref name="index"/> on; nothing for an empty split.</summary>
    private static void AddDailyWindows(FetchRequest[] requests, int index, in Inputs input, string path, string action, SplitWindow split, string? dataFields)
    {
        if (split.Count == 0)
        {
            return;
        }

        var start = split.From;
        do
        {
            var end = Math.Min(split.To, start + MaxWindowSeconds);
            requests[index++] = DailyWindowRequest(input.UserId, path, action, start, end, dataFields);
            start = end;
        }
        while (start < split.To);
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
    internal static long WindowCount(long from, long to) =>
        to <= from ? 1 : ((to - from) / MaxWindowSeconds) + ((to - from) % MaxWindowSeconds == 0 ? 0 : 1);

    /// <summary>
    /// The no-window fallback of the split services: <c>[max(since, now − lookback), now]</c>. The part of
    /// <c>since..now</c> it leaves out, when the cursor is older than the lookback, goes to <paramref name="omitted"/>.
    /// </summary>
    private static (long From, long To) RecentWindow(in Inputs input, string path, string action, string? dataFields, ref List<OmittedWindow>? omitted)
    {
        var settings = input.Settings;
        var from = Math.Min(Math.Max(input.Since, input.Now - settings.LookbackSeconds), input.Now);
        if (input.Since < from)
        {
            (omitted ??= []).Add(new OmittedWindow(input.UserId, path, action, dataFields, input.Since, from, OmittedWindowKind.OlderThanLookback, settings.Lookback));
        }

        return (from, input.Now);
    }

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

    private readonly struct Inputs(long? userId, TimeZoneInfo? timeZone, long now, long since, PlanningSettings settings)
    {
        public long? UserId { get; } = userId;

        /// <summary>The user's zone; <see langword="null"/> when unknown.</summary>
        public TimeZoneInfo? TimeZone { get; } = timeZone;

        /// <summary>The zone that turns instants into days and back: the user's, or UTC when unknown.</summary>
        public TimeZoneInfo Zone => TimeZone ?? TimeZoneInfo.Utc;

        public long Now { get; } = now;

        public long Since { get; } = since;

        public PlanningSettings Settings { get; } = settings;
    }

    /// <summary>The bounded window of a split service and how many 24-hour requests it takes; none when <see cref="Count"/> is 0.</summary>
    private readonly record struct SplitWindow(long From, long To, int Count);
}
