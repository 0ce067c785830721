namespace Withings.Sdk;

/// <summary>What a <see cref="MeasureType"/> measures, as Withings documents it.</summary>
/// <param name="Type">The code.</param>
/// <param name="Name">A short English name, for example <c>Weight</c>.</param>
/// <param name="Unit">The unit of <see cref="Measure.Value"/>, for example <c>kg</c>; <see langword="null"/> for scores and classifications.</param>
/// <param name="Description">What it measures, in a sentence.</param>
public sealed record MeasureTypeInfo(MeasureType Type, string Name, string? Unit, string Description);
