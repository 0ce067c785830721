namespace Withings.Sdk.AspNetCore;

/// <summary>One step of a notification's path: what, when, and a value-free detail (requests, a reason).</summary>
/// <param name="Stage">The step.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Detail">Request paths and actions, a dead-letter reason, or <see langword="null"/>; never a body value.</param>
internal readonly record struct TrailEvent(TrailStage Stage, DateTimeOffset At, string? Detail);
