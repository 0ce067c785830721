namespace Withings.Sdk;

/// <summary>The documented notification fields, by position in <see cref="KnownFieldValues"/>.</summary>
internal enum KnownField
{
    None = -1,
    Appli,
    UserId,
    StartDate,
    EndDate,
    Date,
    DeviceId,
    Action,
    Mac,
}
