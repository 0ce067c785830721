using System.Security.Cryptography;
using System.Text;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The callback secret, kept only as a hash so that the comparison takes the same time whatever the candidate's
/// length and content, and so that the secret itself is not held by the endpoint.
/// </summary>
internal sealed class CallbackSecret
{
    private readonly byte[] _hash;

    private CallbackSecret(byte[] hash) => _hash = hash;

    public static CallbackSecret? Create(string? secret) =>
        string.IsNullOrEmpty(secret) ? null : new CallbackSecret(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Matches(string? candidate)
    {
        if (candidate is null)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(candidate);
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    public override string ToString() => "***";
}
