using System.Globalization;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>The follow-up request of a stethoscope recording: Stetho v2 get of its signal.</summary>
internal static class StethoscopeSignalRequest
{
    private const string SignalId = "signalid";

    // Withings' Stetho v2 get: action=get and signalid, with the user's bearer token.
    public static FetchRequest For(long? userId, long signalId) =>
        new(userId, StethoV2Path, [new(ActionField, Get), new(SignalId, signalId.ToString(CultureInfo.InvariantCulture))], requiresSignature: false);
}
