using System.Diagnostics;

namespace Withings.Sdk.AspNetCore;

/// <summary>The <c>Withings.Sdk</c> activity source: one span per notification handled (or dead-lettered).</summary>
internal static class ReceiverActivitySource
{
    public const string Name = "Withings.Sdk";

    public static ActivitySource Instance { get; } = new(Name);
}
