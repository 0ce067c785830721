using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Withings.Sdk;

/// <summary>The typed rows of one service, all pages together, in the order Withings sent them.</summary>
/// <typeparam name="T">The row type, for example <see cref="Workout"/>.</typeparam>
public sealed class FetchRecords<T> : FetchRecords
{
    private readonly JsonTypeInfo<T> _typeInfo;

    internal FetchRecords(IReadOnlyList<T> items, JsonTypeInfo<T> typeInfo)
    {
        Items = items;
        _typeInfo = typeInfo;
    }

    /// <summary>The rows.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <inheritdoc/>
    public override int Count => Items.Count;

    /// <inheritdoc/>
    public override Type RecordType => typeof(T);

    internal override FetchRecords Append(FetchRecords more) => more switch
    {
        { Count: 0 } => this,
        FetchRecords<T> rows when Count == 0 => rows,
        FetchRecords<T> rows => new FetchRecords<T>([.. Items, .. rows.Items], _typeInfo),
        _ => throw new InvalidOperationException($"Rows of {more.RecordType.Name} cannot follow rows of {typeof(T).Name}: they are not the same service's."),
    };

    /// <inheritdoc/>
    public override void WriteTo(Utf8JsonWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteStartArray();
        foreach (var item in Items)
        {
            JsonSerializer.Serialize(writer, item, _typeInfo);
        }

        writer.WriteEndArray();
    }
}
