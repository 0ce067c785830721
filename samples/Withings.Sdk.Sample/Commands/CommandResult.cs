using System.Text.Json;

namespace Withings.Sdk.Sample;

/// <summary>What a subscription command prints after <c>"ok":true</c>, and its exit code.</summary>
internal sealed record CommandResult(Action<Utf8JsonWriter> Write, int ExitCode = 0);
