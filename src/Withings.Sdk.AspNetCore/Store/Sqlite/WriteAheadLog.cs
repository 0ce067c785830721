using System.Buffers.Binary;
using System.Globalization;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Reads the store's <c>-wal</c> file before SQLite opens it, to tell whether committed transactions in it will be
/// lost. SQLite reads a log back up to its first damaged frame and silently drops the rest, commits included; the
/// store then opens with fewer rows and nothing says so. Read only; the file format is SQLite's
/// (https://www.sqlite.org/fileformat.html, "The Write-Ahead Log").
/// </summary>
internal static class WriteAheadLog
{
    private const int HeaderBytes = 32;
    private const int FrameHeaderBytes = 24;
    private const uint MagicLittleEndian = 0x377f0682;
    private const uint MagicBigEndian = 0x377f0683;

    /// <summary>What is damaged in the log at <paramref name="path"/>, in words; <see langword="null"/> when nothing is.</summary>
    /// <remarks>
    /// Frames past the last commit with a valid checksum are normal (a transaction cut by a crash, or frames of an
    /// earlier pass through the log, with other salts). Damage is a frame that fails its checksum and is followed by
    /// commits that pass theirs: those committed transactions can no longer be read, since SQLite stops at the first
    /// bad frame. A log whose header is damaged is ignored as a whole.
    /// </remarks>
    public static string? FindDamage(string path)
    {
        try
        {
            using var log = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return FindDamage(log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No log (FileNotFoundException is an IOException), or one SQLite will report as unreadable itself.
            return null;
        }
    }

    private static string? FindDamage(FileStream log)
    {
        var length = log.Length;
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (length < HeaderBytes)
        {
            return null;
        }

        log.ReadExactly(header);
        var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        var bigEndian = magic == MagicBigEndian;
        var validPageSize = pageSize is >= 512 and <= 65536 && (pageSize & (pageSize - 1)) == 0;
        if ((magic != MagicLittleEndian && !bigEndian) || !validPageSize || !Matches(Checksum(header[..24], bigEndian, 0, 0), header[24..]))
        {
            // An empty log is as good as none; past a damaged header, SQLite ignores every byte.
            return length > HeaderBytes
                ? string.Create(CultureInfo.InvariantCulture, $"its header is damaged: SQLite ignores the {length - HeaderBytes} bytes after it, and what was committed in them since the last checkpoint is lost")
                : null;
        }

        Span<byte> salt = stackalloc byte[8];
        header[16..24].CopyTo(salt);
        var frame = new byte[FrameHeaderBytes + pageSize];
        var frames = (length - HeaderBytes) / frame.Length;
        var (s0, s1) = (BinaryPrimitives.ReadUInt32BigEndian(header[24..]), BinaryPrimitives.ReadUInt32BigEndian(header[28..]));
        long firstBad = -1;
        var lostCommits = 0;
        for (long i = 0; i < frames; i++)
        {
            log.ReadExactly(frame);
            var stored = frame.AsSpan(16, 8);
            var checksum = Checksum(frame.AsSpan(FrameHeaderBytes), bigEndian, Checksum(frame.AsSpan(0, 8), bigEndian, s0, s1));
            var valid = frame.AsSpan(8, 8).SequenceEqual(salt) && Matches(checksum, stored);
            var commit = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)) != 0;
            if (firstBad < 0 && !valid)
            {
                firstBad = i;
            }
            else if (firstBad >= 0 && valid && commit)
            {
                lostCommits++;
            }

            // Past a bad frame the chain goes on from each frame's stored checksum, so that the frames written after
            // a damaged one are still recognised as this pass's.
            (s0, s1) = (BinaryPrimitives.ReadUInt32BigEndian(stored), BinaryPrimitives.ReadUInt32BigEndian(stored[4..]));
        }

        return lostCommits == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"frame {firstBad + 1} of {frames} is damaged: SQLite reads the log only up to it, and the {lostCommits} committed transactions after it are lost");
    }

    private static bool Matches((uint S0, uint S1) checksum, ReadOnlySpan<byte> stored) =>
        checksum.S0 == BinaryPrimitives.ReadUInt32BigEndian(stored) && checksum.S1 == BinaryPrimitives.ReadUInt32BigEndian(stored[4..]);

    private static (uint S0, uint S1) Checksum(ReadOnlySpan<byte> data, bool bigEndian, (uint S0, uint S1) seed) =>
        Checksum(data, bigEndian, seed.S0, seed.S1);

    // SQLite's checksum: pairs of 32-bit words, in the byte order the magic number names.
    private static (uint S0, uint S1) Checksum(ReadOnlySpan<byte> data, bool bigEndian, uint s0, uint s1)
    {
        for (var i = 0; i + 8 <= data.Length; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            unchecked
            {
                s0 += x0 + s1;
                s1 += x1 + s0;
            }
        }

        return (s0, s1);
    }
}
