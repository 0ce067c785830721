namespace Withings.Sdk.AspNetCore;

/// <summary>A copy of one trace, taken under the trail's lock, for a page to render.</summary>
/// <param name="UserId">The Withings user id; <see langword="null"/> when the body did not parse or had none.</param>
/// <param name="Appli">The notification category's number as Withings sends it; 0 when the body did not parse.</param>
/// <param name="ReceivedAt">When the endpoint received it.</param>
/// <param name="Stage">Its latest step.</param>
/// <param name="Events">Every step recorded, oldest first.</param>
internal sealed record TrailView(long? UserId, int Appli, DateTimeOffset ReceivedAt, TrailStage Stage, IReadOnlyList<TrailEvent> Events);
