using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk;

/// <summary>
/// Every field of a notification body, decoded, in the order received, unknown ones included: nothing Withings sent
/// is lost. Field names are compared ordinally. Two views are equal when they hold the same fields, in any order.
/// </summary>
/// <remarks>
/// A parsed notification creates this view on first access (<see cref="WithingsNotification.Fields"/>), so the webhook
/// hot path pays for the typed fields only.
/// </remarks>
[SuppressMessage("Naming", "CA1710", Justification = "It is the fields of a notification; 'Dictionary' in the name would say less.")]
public sealed class NotificationFields : IReadOnlyDictionary<string, string>, IEquatable<NotificationFields>
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];
    private readonly Dictionary<string, string> _lookup = new(StringComparer.Ordinal);

    private NotificationFields(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        foreach (var pair in pairs)
        {
            // A repeated field keeps its first non-empty value: the parser has already rejected conflicting ones.
            if (!_lookup.TryGetValue(pair.Key, out var existing))
            {
                _lookup.Add(pair.Key, pair.Value);
                _pairs.Add(pair);
            }
            else if (existing.Length == 0 && pair.Value.Length > 0)
            {
                _lookup[pair.Key] = pair.Value;
                _pairs[_pairs.FindIndex(p => p.Key == pair.Key)] = pair;
            }
        }
    }

    /// <summary>A view with no fields.</summary>
    public static NotificationFields Empty { get; } = new([]);

    /// <summary>Creates a view over already-decoded fields; a repeated name keeps its first value.</summary>
    /// <param name="fields">The fields, in order.</param>
    /// <returns>The view.</returns>
    public static NotificationFields Create(IEnumerable<KeyValuePair<string, string>> fields)
    {
        if (fields is null)
        {
            throw new ArgumentNullException(nameof(fields));
        }

        return new NotificationFields(fields.Where(f => f.Key is { Length: > 0 }).Select(f => new KeyValuePair<string, string>(f.Key, f.Value ?? string.Empty)));
    }

    internal static NotificationFields FromBody(string body) => new(FormUrlDecoder.DecodePairs(body));

    /// <inheritdoc />
    public int Count => _pairs.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    /// <inheritdoc />
    public IEnumerable<string> Values => _pairs.Select(p => p.Value);

    /// <summary>The value of the field <paramref name="key"/>.</summary>
    /// <param name="key">The field name, for example <c>userid</c>.</param>
    /// <exception cref="KeyNotFoundException">The body has no such field.</exception>
    public string this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The notification has no field '{key}'.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value)
    {
        if (_lookup.TryGetValue(key ?? throw new ArgumentNullException(nameof(key)), out var found))
        {
            value = found;
            return true;
        }

        value = null!;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(NotificationFields? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Count != other.Count)
        {
            return false;
        }

        foreach (var pair in _pairs)
        {
            if (!other.TryGetValue(pair.Key, out var value) || !string.Equals(value, pair.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NotificationFields);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Order-independent, to agree with Equals.
        var hash = 0;
        foreach (var pair in _pairs)
        {
            hash ^= StringComparer.Ordinal.GetHashCode(pair.Key) * 31 + StringComparer.Ordinal.GetHashCode(pair.Value);
        }

        return hash;
    }

    /// <summary>The fields re-encoded as a form body, for diagnostics.</summary>
    /// <returns>For example <c>userid=12345&amp;appli=1</c>.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var pair in _pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
        }

        return builder.ToString();
    }
}
