using System.Globalization;
using static Withings.Sdk.WithingsServices;

namespace Withings.Sdk;

/// <summary>The follow-up request of an ECG recording: Heart v2 get of its signal.</summary>
internal static class EcgSignalRequest
{
    private const string SignalId = "signalid";

    // Withings' Heart v2 get: with a bearer token it takes action=get and signalid; client_id, nonce, signature and
    // signal_token belong to the signed variant, which never goes with signalid.
    public static FetchRequest For(long? userId, long signalId) =>
        new(userId, HeartV2Path, [new(ActionField, Get), new(SignalId, signalId.ToString(CultureInfo.InvariantCulture))], requiresSignature: false);
}
