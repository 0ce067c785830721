namespace Withings.Sdk;

/// <summary>
/// A setting a call needs is not configured (<see cref="RequiredSetting"/>). Thrown before anything is sent, so a
/// caller can tell it from a failure after Withings answered; callers see an <see cref="InvalidOperationException"/>.
/// </summary>
internal sealed class MissingSettingException(string message) : InvalidOperationException(message);
