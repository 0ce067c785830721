namespace Withings.Sdk.AspNetCore;

/// <summary>How many notifications of one category reached each step within a window.</summary>
/// <param name="Appli">The category's number as Withings sends it; 0 for bodies that did not parse, -1 for categories past the trail's table.</param>
/// <param name="Queued">Acknowledged and handed to the queue.</param>
/// <param name="Duplicates">Acknowledged as already received.</param>
/// <param name="Refused">Refused with 503 after parsing.</param>
/// <param name="Handled">Handled.</param>
/// <param name="DeadLettered">Dead-lettered.</param>
internal sealed record TrailCount(int Appli, int Queued, int Duplicates, int Refused, int Handled, int DeadLettered)
{
    /// <summary>Every body that reached the queue's door: queued, duplicate or refused.</summary>
    public int Received => Queued + Duplicates + Refused;

    /// <summary>Answered 200: queued or duplicate.</summary>
    public int Acknowledged => Queued + Duplicates;
}
