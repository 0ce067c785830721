namespace Withings.Sdk.Redis;

/// <summary>
/// A consumer taken for dead, and the heartbeat value it still had then: taking over its entries checks, in the same
/// script, that the value has not changed since (the instance was only late, not dead).
/// </summary>
internal readonly record struct DeadConsumer(string Name, string Beat);
