namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Registered by <c>UseInMemoryQueue()</c>: the application promised no file, so users' state defaults to memory too.
/// (Choosing another store as well is a startup error, so the mark is never stale.)
/// </summary>
internal sealed class InMemoryQueueChoice;
