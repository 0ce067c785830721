using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif

namespace Withings.Sdk;

/// <summary>
/// Splits a form body into its <c>&amp;</c>-separated fields in one pass. It finds every <c>&amp;</c>, <c>=</c>,
/// <c>%</c> and <c>+</c> of 32 bytes at once (with SIMD where the hardware has it) and then visits only those
/// positions, so the cost is per field, not per byte.
/// </summary>
internal ref struct FormFieldReader
{
    private const int ChunkBytes = 32;

    private readonly ReadOnlySpan<byte> _body;
    private int _chunkStart;
    private uint _pending;
    private int _fieldStart;
    private int _separator;
    private bool _escaped;

    public FormFieldReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _chunkStart = -ChunkBytes;
        _pending = 0;
        _fieldStart = 0;
        _separator = -1;
        _escaped = false;
        Start = 0;
        End = 0;
        Separator = -1;
        HasEscape = false;
    }

    /// <summary>The body being read.</summary>
    public readonly ReadOnlySpan<byte> Body => _body;

    /// <summary>Where the current field starts.</summary>
    public int Start { get; private set; }

    /// <summary>Where the current field ends (exclusive).</summary>
    public int End { get; private set; }

    /// <summary>The position of the field's first <c>=</c>, or -1 when it has none.</summary>
    public int Separator { get; private set; }

    /// <summary>Whether the field holds a <c>%</c> or <c>+</c> and so needs decoding.</summary>
    public bool HasEscape { get; private set; }

    /// <summary>Moves to the next field; empty fields (<c>&amp;&amp;</c>) are reported too, and a trailing empty one is not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext()
    {
        while (true)
        {
            while (_pending != 0)
            {
                var at = _chunkStart + TrailingZeroCount(_pending);
                _pending &= _pending - 1;
                switch (_body[at])
                {
                    case (byte)'&':
                        return Emit(at);
                    case (byte)'=':
                        if (_separator < 0)
                        {
                            _separator = at;
                        }

                        break;
                    default:
                        _escaped = true;
                        break;
                }
            }

            if (_chunkStart + ChunkBytes >= _body.Length)
            {
                _chunkStart = _body.Length;
                return _fieldStart < _body.Length && Emit(_body.Length);
            }

            _chunkStart += ChunkBytes;
            _pending = FindSpecials(_body, _chunkStart);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Emit(int end)
    {
        Start = _fieldStart;
        End = end;
        Separator = _separator;
        HasEscape = _escaped;
        _fieldStart = end + 1;
        _separator = -1;
        _escaped = false;
        return true;
    }

    /// <summary>A bit per special byte in <c>body[start..start+32)</c>, clipped to the body.</summary>
    private static uint FindSpecials(ReadOnlySpan<byte> body, int start)
    {
        var remaining = body.Length - start;
#if NET8_0_OR_GREATER
        if (Vector256.IsHardwareAccelerated && body.Length >= ChunkBytes)
        {
            ref var origin = ref MemoryMarshal.GetReference(body);
            return remaining >= ChunkBytes
                ? Match(Vector256.LoadUnsafe(ref origin, (nuint)start))
                : Match(Vector256.LoadUnsafe(ref origin, (nuint)(body.Length - ChunkBytes))) >> (ChunkBytes - remaining);
        }
#endif
        var mask = 0u;
        var count = Math.Min(remaining, ChunkBytes);
        for (var i = 0; i < count; i++)
        {
            if (body[start + i] is (byte)'&' or (byte)'=' or (byte)'%' or (byte)'+')
            {
                mask |= 1u << i;
            }
        }

        return mask;
    }

#if NET8_0_OR_GREATER
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Match(Vector256<byte> bytes) =>
        (Vector256.Equals(bytes, Vector256.Create((byte)'&'))
        | Vector256.Equals(bytes, Vector256.Create((byte)'='))
        | Vector256.Equals(bytes, Vector256.Create((byte)'%'))
        | Vector256.Equals(bytes, Vector256.Create((byte)'+'))).ExtractMostSignificantBits();
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TrailingZeroCount(uint value)
    {
#if NET8_0_OR_GREATER
        return BitOperations.TrailingZeroCount(value);
#else
        var count = 0;
        while ((value & 1) == 0)
        {
            value >>= 1;
            count++;
        }

        return count;
#endif
    }
}
