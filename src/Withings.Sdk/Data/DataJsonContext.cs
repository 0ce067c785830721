using System.Text.Json.Serialization;

namespace Withings.Sdk;

/// <summary>Source-generated (trim- and AOT-safe) JSON metadata of the fetched data types.</summary>
[JsonSerializable(typeof(MeasureGroup))]
[JsonSerializable(typeof(SeriesEntry))]
internal sealed partial class DataJsonContext : JsonSerializerContext;
