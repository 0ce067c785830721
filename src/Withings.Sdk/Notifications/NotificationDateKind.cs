namespace Withings.Sdk;

/// <summary>How Withings wrote a notification's <c>date</c>: both forms occur.</summary>
public enum NotificationDateKind
{
    /// <summary>A calendar day, <c>YYYY-MM-DD</c> (activity notifications).</summary>
    CalendarDay = 0,

    /// <summary>An instant in unix epoch seconds (device events).</summary>
    UnixTime = 1,
}
