using System.Text;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// What the <c>state</c> of one link carries, sealed by <see cref="LinkStateProtector"/>: a random nonce (what makes it
/// single-use), its expiry, the user it is bound to, whether it is for the demo account, and where to send the user
/// afterwards.
/// </summary>
internal sealed record LinkState(byte[] Nonce, DateTimeOffset ExpiresAt, string UserKey, bool IsDemo, string? ReturnUrl)
{
    public const int NonceBytes = 16;
    private const byte Version = 1;

    /// <summary>The nonce as text, the key under which a used state is remembered.</summary>
    public string NonceKey => Convert.ToHexString(Nonce);

    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(Nonce);
            writer.Write(ExpiresAt.ToUnixTimeMilliseconds());
            writer.Write(IsDemo);
            writer.Write(UserKey);
            writer.Write(ReturnUrl ?? string.Empty);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote; <see langword="null"/> for anything else.</summary>
    public static LinkState? Deserialize(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                return null;
            }

            var nonce = reader.ReadBytes(NonceBytes);
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            var isDemo = reader.ReadBoolean();
            var userKey = reader.ReadString();
            var returnUrl = reader.ReadString();
            return nonce.Length == NonceBytes && reader.BaseStream.Position == bytes.Length && userKey.Length > 0
                ? new LinkState(nonce, expiresAt, userKey, isDemo, returnUrl.Length == 0 ? null : returnUrl)
                : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            return null;
        }
    }
}
