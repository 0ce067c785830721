using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Primitives;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk;

/// <summary>
/// Turns the <c>application/x-www-form-urlencoded</c> body of a Withings notification into a typed
/// <see cref="WithingsNotification"/>. Thread-safe; create one and share it.
/// </summary>
/// <remarks>
/// <para>Rules: <c>appli</c> is required; <c>userid</c> is required for every category but 53; <c>mac</c> is required
/// for 53; a documented field that is present must be well-formed; a missing window is allowed; unknown fields are
/// kept; field order does not matter; a field repeated with a different value is an error; empty fields and stray
/// <c>&amp;</c> are ignored.</para>
/// <para><c>Parse</c> throws only <see cref="NotificationParseException"/>; <c>TryParse</c> never throws.</para>
/// </remarks>
public sealed class NotificationParser
{
    // Stack buffers cover real bodies (under 1 KiB, 5–25 fields); larger ones rent from the shared pools.
    private const int StackScratchBytes = 1024;
    private const int StackSegments = 32;

    // Duplicate names are found with a small open-addressing table on the stack (slots at least twice the fields, so
    // probes stay short); past this many fields a hash set takes over.
    private const int SmallTableFields = 64;
    private const int SmallTableBits = 7;
    private const int SmallTableSlots = 1 << SmallTableBits;

    private readonly int _maxBodyBytes;

    /// <summary>Creates a parser with the default limits.</summary>
    public NotificationParser()
        : this(new NotificationParserOptions())
    {
    }

    /// <summary>Creates a parser with the given limits.</summary>
    /// <param name="options">The limits.</param>
    /// <exception cref="ArgumentException"><see cref="NotificationParserOptions.MaxBodyBytes"/> is not positive.</exception>
    public NotificationParser(NotificationParserOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (options.MaxBodyBytes <= 0)
        {
            throw new ArgumentException("MaxBodyBytes must be positive.", nameof(options));
        }

        _maxBodyBytes = options.MaxBodyBytes;
    }

    /// <summary>Parses a body given as text.</summary>
    /// <param name="body">The raw form body, for example <c>userid=12345&amp;appli=1&amp;startdate=1530576000&amp;enddate=1530698753</c>.</param>
    /// <returns>The typed notification.</returns>
    /// <exception cref="NotificationParseException">The body is not a valid notification; the error names the field.</exception>
    public WithingsNotification Parse(string body) =>
        TryParse(body, out var notification, out var error) ? notification : throw new NotificationParseException(error);

    /// <summary>Parses a body given as UTF-8 bytes, as a web server hands it over.</summary>
    /// <param name="utf8Body">The raw form body.</param>
    /// <returns>The typed notification.</returns>
    /// <exception cref="NotificationParseException">The body is not a valid notification; the error names the field.</exception>
    public WithingsNotification Parse(ReadOnlySpan<byte> utf8Body) =>
        TryParse(utf8Body, out var notification, out var error) ? notification : throw new NotificationParseException(error);

    /// <summary>Parses fields that were already decoded, for example by a web framework's form reader.</summary>
    /// <param name="fields">The decoded fields.</param>
    /// <returns>The typed notification.</returns>
    /// <exception cref="NotificationParseException">The fields are not a valid notification; the error names the field.</exception>
    public WithingsNotification Parse(IEnumerable<KeyValuePair<string, string>> fields) =>
        TryParse(fields, out var notification, out var error) ? notification : throw new NotificationParseException(error);

    /// <summary>Parses decoded fields with possibly repeated values, such as ASP.NET Core's <c>IFormCollection</c>.</summary>
    /// <param name="fields">The decoded fields.</param>
    /// <returns>The typed notification.</returns>
    /// <exception cref="NotificationParseException">The fields are not a valid notification; the error names the field.</exception>
    public WithingsNotification Parse(IEnumerable<KeyValuePair<string, StringValues>> fields) =>
        TryParse(fields, out var notification, out var error) ? notification : throw new NotificationParseException(error);

    /// <summary>Tries to parse a body given as text.</summary>
    /// <param name="body">The raw form body.</param>
    /// <param name="notification">The typed notification, when the body is valid.</param>
    /// <param name="error">What is wrong, when it is not.</param>
    /// <returns>Whether the body is a valid notification.</returns>
    [SkipLocalsInit]
    public bool TryParse(
        string? body,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error)
    {
        if (body is null)
        {
            notification = null;
            error = new NotificationParseError("body", NotificationParseErrorKind.MissingField, "body: missing; a notification is a form body such as 'userid=12345&appli=1'");
            return false;
        }

        // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars), so a short body fits both the
        // limit and the stack buffer without counting; a longer one is counted once.
        var byteCount = body.Length * 3L <= Math.Min(_maxBodyBytes, StackScratchBytes) ? -1 : Encoding.UTF8.GetByteCount(body);
        if (byteCount > _maxBodyBytes)
        {
            return TooLarge(byteCount, out notification, out error);
        }

        byte[]? rented = null;
        var utf8 = byteCount <= StackScratchBytes
            ? stackalloc byte[StackScratchBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var length = GetUtf8(body, utf8);
            return TryParseUtf8(utf8.Slice(0, length), body, out notification, out error);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Tries to parse a body given as UTF-8 bytes.</summary>
    /// <param name="utf8Body">The raw form body.</param>
    /// <param name="notification">The typed notification, when the body is valid.</param>
    /// <param name="error">What is wrong, when it is not.</param>
    /// <returns>Whether the body is a valid notification.</returns>
    public bool TryParse(
        ReadOnlySpan<byte> utf8Body,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error) =>
        utf8Body.Length > _maxBodyBytes
            ? TooLarge(utf8Body.Length, out notification, out error)
            : TryParseUtf8(utf8Body, null, out notification, out error);

    /// <summary>Tries to parse fields that were already decoded.</summary>
    /// <param name="fields">The decoded fields.</param>
    /// <param name="notification">The typed notification, when the fields are valid.</param>
    /// <param name="error">What is wrong, when they are not.</param>
    /// <returns>Whether the fields are a valid notification.</returns>
    public bool TryParse(
        IEnumerable<KeyValuePair<string, string>>? fields,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error) =>
        TryParseDecoded(fields?.SelectMany(f => Expand(f.Key, f.Value)), out notification, out error);

    /// <summary>Tries to parse decoded fields with possibly repeated values, such as ASP.NET Core's <c>IFormCollection</c>.</summary>
    /// <param name="fields">The decoded fields.</param>
    /// <param name="notification">The typed notification, when the fields are valid.</param>
    /// <param name="error">What is wrong, when they are not.</param>
    /// <returns>Whether the fields are a valid notification.</returns>
    public bool TryParse(
        IEnumerable<KeyValuePair<string, StringValues>>? fields,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error) =>
        TryParseDecoded(fields?.SelectMany(f => f.Value.Count == 0 ? Expand(f.Key, null) : f.Value.SelectMany(v => Expand(f.Key, v))), out notification, out error);

    private static IEnumerable<KeyValuePair<string, string>> Expand(string? key, string? value)
    {
        yield return new KeyValuePair<string, string>(key ?? string.Empty, value ?? string.Empty);
    }

    private bool TryParseDecoded(
        IEnumerable<KeyValuePair<string, string>>? fields,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error)
    {
        if (fields is null)
        {
            return TryParse((string?)null, out notification, out error);
        }

        var pairs = new List<KeyValuePair<string, string>>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        long size = 0;
        foreach (var pair in fields)
        {
            size += pair.Key.Length + pair.Value.Length + 2;
            if (size > _maxBodyBytes)
            {
                return TooLarge(size, out notification, out error);
            }

            if (pair.Key.Length == 0)
            {
                continue;
            }

            pairs.Add(pair);
            if (pair.Value.Length == 0)
            {
                continue;
            }

            if (seen.TryGetValue(pair.Key, out var first))
            {
                if (!string.Equals(first, pair.Value, StringComparison.Ordinal))
                {
                    return Conflict(pair.Key, first, pair.Value, out notification, out error);
                }
            }
            else
            {
                seen.Add(pair.Key, pair.Value);
            }
        }

        var known = default(KnownFieldValues);
        foreach (var pair in seen)
        {
            var field = KnownFieldValues.Identify(Encoding.UTF8.GetBytes(pair.Key));
            if (field != KnownField.None)
            {
                known.Set(field, Encoding.UTF8.GetBytes(pair.Value));
            }
        }

        return TryBuild(ref known, NotificationFields.Create(pairs), null, default, out notification, out error);
    }

    [SkipLocalsInit]
    private static bool TryParseUtf8(
        ReadOnlySpan<byte> body,
        string? bodyText,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error)
    {
        Span<Segment> segments = stackalloc Segment[StackSegments];
        if (body.Length <= StackScratchBytes)
        {
            return TryParseFields(body, bodyText, stackalloc byte[StackScratchBytes], segments, out notification, out error);
        }

        // A large body needs a scratch buffer only when it has escapes to decode.
        var rented = body.IndexOfAny((byte)'%', (byte)'+') >= 0 ? ArrayPool<byte>.Shared.Rent(body.Length) : null;
        try
        {
            return TryParseFields(body, bodyText, rented, segments, out notification, out error);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // The hot path, kept small: the stack buffers come from the caller, and decoding and large bodies are out of line.
    // Not inlined into its caller, whose stackalloc would keep it from the JIT's profile-guided tier.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseFields(
        ReadOnlySpan<byte> body,
        string? bodyText,
        Span<byte> scratch,
        Span<Segment> segments,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error)
    {
        // Pass 1: split; a field with escapes is decoded into the scratch buffer, any other is a slice of the body.
        // The documented fields are picked out on the way, and the first fields are remembered for pass 2.
        scoped var known = default(KnownFieldValues);
        var count = 0;
        var written = 0;
        var repeated = false;
        var unknownWithValue = 0;
        var fields = new FormFieldReader(body);
        while (fields.MoveNext())
        {
            var segment = ReadSegment(ref fields, scratch, ref written);
            if (segment.KeyLength == 0)
            {
                continue;
            }

            var field = KnownFieldValues.Identify(segment.Key(body, scratch));
            if (field != KnownField.None)
            {
                repeated |= known.Set(field, segment.Value(body, scratch));
            }
            else if (segment.ValueLength > 0)
            {
                unknownWithValue++;
            }

            if (count < segments.Length)
            {
                segments[count] = segment;
            }

            count++;
        }

        // Pass 2: a repeated field must repeat its value (Withings' retries never change a body). Only a known
        // field seen twice with values, or two unknown fields with values, can be such a repeat.
        if ((repeated || unknownWithValue > 1) && !(count <= segments.Length
            ? CheckDuplicates(body, scratch, segments.Slice(0, count), out error)
            : CheckDuplicatesOfManyFields(body, count, out error)))
        {
            notification = null;
            return false;
        }

        return TryBuild(ref known, null, bodyText, body, out notification, out error);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Segment ReadSegment(ref FormFieldReader fields, Span<byte> scratch, ref int written)
    {
        var keyEnd = fields.Separator < 0 ? fields.End : fields.Separator;
        var valueStart = fields.Separator < 0 ? fields.End : fields.Separator + 1;
        return fields.HasEscape
            ? Decode(fields.Body, fields.Start, keyEnd, valueStart, fields.End, scratch, ref written)
            : new Segment(fields.Start, keyEnd - fields.Start, valueStart, fields.End - valueStart, decoded: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Segment Decode(ReadOnlySpan<byte> body, int start, int keyEnd, int valueStart, int end, Span<byte> scratch, ref int written)
    {
        var at = written;
        var keyLength = FormUrlDecoder.Decode(body.Slice(start, keyEnd - start), scratch.Slice(at));
        var valueLength = FormUrlDecoder.Decode(body.Slice(valueStart, end - valueStart), scratch.Slice(at + keyLength));
        written = at + keyLength + valueLength;
        return new Segment(at, keyLength, at + keyLength, valueLength, decoded: true);
    }

    // More fields than the stack holds: split the body again into pooled buffers, for the duplicate check only.
    private static bool CheckDuplicatesOfManyFields(ReadOnlySpan<byte> body, int count, [NotNullWhen(false)] out NotificationParseError? error)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(body.Length);
        var segments = ArrayPool<Segment>.Shared.Rent(count);
        try
        {
            var stored = 0;
            var written = 0;
            var fields = new FormFieldReader(body);
            while (fields.MoveNext())
            {
                var segment = ReadSegment(ref fields, scratch, ref written);
                if (segment.KeyLength > 0)
                {
                    segments[stored++] = segment;
                }
            }

            return CheckDuplicates(body, scratch, segments.AsSpan(0, stored), out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<Segment>.Shared.Return(segments);
        }
    }

    // Each field is compared with the first non-empty occurrence of its name only: all earlier occurrences agree with
    // it, or the conflict would have been reported at them, so the error names the same pair as an all-pairs check.
    [SkipLocalsInit]
    private static bool CheckDuplicates(ReadOnlySpan<byte> body, ReadOnlySpan<byte> scratch, ReadOnlySpan<Segment> segments, [NotNullWhen(false)] out NotificationParseError? error)
    {
        error = null;
        if (segments.Length > SmallTableFields)
        {
            return CheckManyDuplicates(body, scratch, segments, out error);
        }

        // Open addressing; a slot holds 1 + the index of the first field with a value under that name.
        Span<byte> slots = stackalloc byte[SmallTableSlots];
        slots.Clear();
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.ValueLength == 0)
            {
                continue;
            }

            var slot = Hash(segment.Key(body, scratch));
            while (true)
            {
                var occupant = slots[slot];
                if (occupant == 0)
                {
                    slots[slot] = (byte)(i + 1);
                    break;
                }

                var first = segments[occupant - 1];
                if (first.Key(body, scratch).SequenceEqual(segment.Key(body, scratch)))
                {
                    var earlier = first.Value(body, scratch);
                    var value = segment.Value(body, scratch);
                    if (!earlier.SequenceEqual(value))
                    {
                        return Conflict(FormUrlDecoder.Utf8ToString(segment.Key(body, scratch)), FormUrlDecoder.Utf8ToString(earlier), FormUrlDecoder.Utf8ToString(value), out _, out error);
                    }

                    break;
                }

                slot = (slot + 1) & (SmallTableSlots - 1);
            }
        }

        return true;
    }

    // Field names are short: the length and the first and last eight bytes (overlapping when shorter) tell them
    // apart. The top bits of a product depend on every bit of its operands, so they index the table. A collision
    // costs one extra comparison, never a wrong answer.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> key)
    {
        ulong head;
        ulong tail;
        if (key.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(key);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(key.Length - 8));
        }
        else if (key.Length >= 4)
        {
            head = BinaryPrimitives.ReadUInt32LittleEndian(key);
            tail = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(key.Length - 4));
        }
        else
        {
            head = key[0];
            tail = ((ulong)key[key.Length - 1] << 8) | key[key.Length / 2];
        }

        return (int)(((head ^ (tail * 0x9E3779B97F4A7C15UL) ^ (ulong)key.Length) * 0xC2B2AE3D27D4EB4FUL) >> (64 - SmallTableBits));
    }

    private static bool CheckManyDuplicates(ReadOnlySpan<byte> body, ReadOnlySpan<byte> scratch, ReadOnlySpan<Segment> segments, [NotNullWhen(false)] out NotificationParseError? error)
    {
        error = null;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            var value = segment.Value(body, scratch);
            if (value.IsEmpty)
            {
                continue;
            }

            var key = FormUrlDecoder.Utf8ToString(segment.Key(body, scratch));
            var text = FormUrlDecoder.Utf8ToString(value);
            if (seen.TryGetValue(key, out var first))
            {
                if (!string.Equals(first, text, StringComparison.Ordinal))
                {
                    return Conflict(key, first, text, out _, out error);
                }
            }
            else
            {
                seen.Add(key, text);
            }
        }

        return true;
    }

    [SkipLocalsInit]
    private static bool TryBuild(
        ref KnownFieldValues known,
        NotificationFields? fields,
        string? bodyText,
        ReadOnlySpan<byte> body,
        [NotNullWhen(true)] out WithingsNotification? notification,
        [NotNullWhen(false)] out NotificationParseError? error)
    {
        notification = null;
        if (known.Appli.IsEmpty)
        {
            error = Error("appli", NotificationParseErrorKind.MissingField, "appli: missing; every notification names its category (for example appli=1)");
            return false;
        }

        if (!WireFormat.TryParseInt(known.Appli, out var appli))
        {
            error = Malformed("appli", known.Appli, "is not a category number");
            return false;
        }

        long? userId = null;
        if (!known.UserId.IsEmpty)
        {
            if (!WireFormat.TryParseDigits(known.UserId, long.MaxValue, out long id))
            {
                error = Malformed("userid", known.UserId, "is not a Withings user id (a non-negative integer)");
                return false;
            }

            userId = id;
        }
        else if (appli != (int)NotificationCategory.NoAccountAssociated)
        {
            error = Error("userid", NotificationParseErrorKind.MissingField, "userid: missing; every category but 53 names the Withings user");
            return false;
        }

        if (!TryParseInstant(known.StartDate, "startdate", out var startDate, out error)
            || !TryParseInstant(known.EndDate, "enddate", out var endDate, out error))
        {
            return false;
        }

        if (startDate > endDate)
        {
            error = Error(
                "enddate",
                NotificationParseErrorKind.MalformedField,
                $"enddate: '{Quote(known.EndDate)}' is before startdate '{Quote(known.StartDate)}'");
            return false;
        }

        NotificationDate? date = null;
        if (!known.Date.IsEmpty)
        {
            if (!WireFormat.TryParseDate(known.Date, out var parsedDate))
            {
                error = Malformed("date", known.Date, "is neither a YYYY-MM-DD day nor a unix timestamp");
                return false;
            }

            date = parsedDate;
        }

        if (appli == (int)NotificationCategory.NoAccountAssociated && known.Mac.IsEmpty)
        {
            error = Error("mac", NotificationParseErrorKind.MissingField, "mac: missing; appli 53 always names the device by its MAC address");
            return false;
        }

        WithingsNotification result = appli switch
        {
            1 => new WeightNotification { StartDate = startDate, EndDate = endDate },
            2 => new TemperatureNotification { StartDate = startDate, EndDate = endDate },
            4 => new BloodPressureNotification { StartDate = startDate, EndDate = endDate },
            16 => new ActivityNotification { StartDate = startDate, EndDate = endDate, Date = date },
            44 => new SleepNotification { StartDate = startDate, EndDate = endDate },
            46 => new UserProfileNotification { Action = known.Action.IsEmpty ? null : new UserProfileAction(FormUrlDecoder.Utf8ToString(known.Action)) },
            50 => new BedInNotification { Date = date, DeviceId = OptionalString(known.DeviceId) },
            51 => new BedOutNotification { Date = date, DeviceId = OptionalString(known.DeviceId) },
            52 => new InflateDoneNotification { Date = date, DeviceId = OptionalString(known.DeviceId) },
            53 => new NoAccountAssociatedNotification { Mac = FormUrlDecoder.Utf8ToString(known.Mac) },
            54 => new EcgNotification { StartDate = startDate, EndDate = endDate },
            55 => new EcgFailedNotification { Date = date, DeviceId = OptionalString(known.DeviceId) },
            58 => new GlucoseNotification { StartDate = startDate, EndDate = endDate },
            60 => new SurveyNotification { StartDate = startDate, EndDate = endDate },
            61 => new StethoscopeNotification { StartDate = startDate, EndDate = endDate },
            62 => new HrvNotification { StartDate = startDate, EndDate = endDate },
            63 => new UrineNotification { StartDate = startDate, EndDate = endDate },
            _ => new UnknownNotification(appli),
        };

        // From bytes, a copy of the body is kept as it came: turning it into text waits until Fields is read.
        if (fields is not null)
        {
            result.InitializeCommon(userId, fields);
        }
        else if (bodyText is not null)
        {
            result.InitializeCommon(userId, bodyText);
        }
        else
        {
            result.InitializeCommon(userId, body.ToArray());
        }

        notification = result;
        error = null;
        return true;
    }

    private static bool TryParseInstant(ReadOnlySpan<byte> value, string field, out DateTimeOffset? instant, [NotNullWhen(false)] out NotificationParseError? error)
    {
        instant = null;
        error = null;
        if (value.IsEmpty)
        {
            return true;
        }

        if (!WireFormat.TryParseUnixSeconds(value, out var parsed))
        {
            error = Malformed(field, value, "is not a unix timestamp");
            return false;
        }

        instant = parsed;
        return true;
    }

    private static string? OptionalString(ReadOnlySpan<byte> value) => value.IsEmpty ? null : FormUrlDecoder.Utf8ToString(value);

    private static int GetUtf8(string text, Span<byte> destination)
    {
        unsafe
        {
            fixed (char* chars = text)
            fixed (byte* bytes = destination)
            {
                return Encoding.UTF8.GetBytes(chars, text.Length, bytes, destination.Length);
            }
        }
    }

    private bool TooLarge(long size, out WithingsNotification? notification, out NotificationParseError error)
    {
        notification = null;
        error = Error(
            "body",
            NotificationParseErrorKind.BodyTooLarge,
            $"body: {size} bytes exceed the {_maxBodyBytes}-byte limit (NotificationParserOptions.MaxBodyBytes)");
        return false;
    }

    private static bool Conflict(string key, string first, string second, out WithingsNotification? notification, out NotificationParseError error)
    {
        notification = null;
        error = Error(
            key,
            NotificationParseErrorKind.ConflictingDuplicate,
            $"{Truncate(key)}: sent twice with different values ('{Truncate(first)}' and '{Truncate(second)}')");
        return false;
    }

    private static NotificationParseError Malformed(string field, ReadOnlySpan<byte> value, string problem) =>
        Error(field, NotificationParseErrorKind.MalformedField, $"{field}: '{Quote(value)}' {problem}");

    private static NotificationParseError Error(string field, NotificationParseErrorKind kind, string message) => new(field, kind, message);

    private static string Quote(ReadOnlySpan<byte> value) => Truncate(FormUrlDecoder.Utf8ToString(value));

    // Error messages end up in logs: a hostile 64 KiB value must not.
    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.Substring(0, 64), "…");

    // Where a field's name and value are: in the body, or in the scratch buffer when the field had to be decoded.
    private readonly struct Segment
    {
        private readonly int _keyStart;
        private readonly int _valueStart;
        private readonly bool _decoded;

        public Segment(int keyStart, int keyLength, int valueStart, int valueLength, bool decoded)
        {
            _keyStart = keyStart;
            KeyLength = keyLength;
            _valueStart = valueStart;
            ValueLength = valueLength;
            _decoded = decoded;
        }

        public int KeyLength { get; }

        public int ValueLength { get; }

        public ReadOnlySpan<byte> Key(ReadOnlySpan<byte> body, ReadOnlySpan<byte> scratch) => (_decoded ? scratch : body).Slice(_keyStart, KeyLength);

        public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> body, ReadOnlySpan<byte> scratch) => (_decoded ? scratch : body).Slice(_valueStart, ValueLength);
    }
}
