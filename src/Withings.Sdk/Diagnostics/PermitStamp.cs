namespace Withings.Sdk;

/// <summary>
/// When the request being sent got its rate-limit permit. The outer telemetry handler puts one in
/// <see cref="Current"/>; the handler after the rate limiter stamps it. An async-local flows down the handler chain
/// of one request and never across requests, on every target framework (HttpRequestMessage.Options is net5+ only).
/// </summary>
internal sealed class PermitStamp
{
    private static readonly AsyncLocal<PermitStamp?> Slot = new();

    public static PermitStamp? Current
    {
        get => Slot.Value;
        set => Slot.Value = value;
    }

    public long? AcquiredAt { get; set; }
}
