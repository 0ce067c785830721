namespace Withings.Sdk.AspNetCore;

/// <summary>An acknowledged notification as stored: its row id, when it was received (Unix milliseconds) and its body.</summary>
internal sealed record StoredRow(long Id, long Received, string Body);
