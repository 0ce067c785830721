using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Withings.Sdk;

/// <summary>
/// The signatures of Withings' signed services (docs/withings-api.md §6): lowercase hex of HMAC-SHA256 keyed with the client
/// secret. Needed for Answers v2 - Get, User v2 - Activate and the appli 53 subscription. The secret never appears in
/// an exception message.
/// </summary>
public static class WithingsSignature
{
    /// <summary>
    /// The signature of <c>/v2/signature action=getnonce</c>:
    /// <c>hex(HMAC-SHA256(client_secret, "getnonce,&lt;client_id&gt;,&lt;timestamp&gt;"))</c>.
    /// </summary>
    /// <param name="clientId">The application's client id.</param>
    /// <param name="clientSecret">The application's client secret (the HMAC key).</param>
    /// <param name="timestamp">The <c>timestamp</c> sent with the request, unix seconds.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static string ComputeNonceSignature(string clientId, string clientSecret, long timestamp)
    {
        Require(clientId, nameof(clientId));
        Require(clientSecret, nameof(clientSecret));
        return Compute(clientSecret, "getnonce," + clientId + "," + timestamp.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The signature of a signed call:
    /// <c>hex(HMAC-SHA256(client_secret, "&lt;action&gt;,&lt;client_id&gt;,&lt;nonce&gt;"))</c>, sent with
    /// <c>client_id</c> and <c>nonce</c>.
    /// </summary>
    /// <param name="action">The call's <c>action</c>, for example <c>get</c>.</param>
    /// <param name="clientId">The application's client id.</param>
    /// <param name="clientSecret">The application's client secret (the HMAC key).</param>
    /// <param name="nonce">A nonce from <c>getnonce</c>: single use, valid 30 minutes.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static string ComputeRequestSignature(string action, string clientId, string clientSecret, string nonce)
    {
        Require(action, nameof(action));
        Require(clientId, nameof(clientId));
        Require(clientSecret, nameof(clientSecret));
        Require(nonce, nameof(nonce));
        return Compute(clientSecret, action + "," + clientId + "," + nonce);
    }

    private static string Compute(string secret, string message)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(message);
#if NET8_0_OR_GREATER
        var hash = HMACSHA256.HashData(key, data);
#else
        byte[] hash;
        using (var hmac = new HMACSHA256(key))
        {
            hash = hmac.ComputeHash(data);
        }
#endif
        const string Hex = "0123456789abcdef";
        var chars = new char[hash.Length * 2];
        for (var i = 0; i < hash.Length; i++)
        {
            chars[2 * i] = Hex[hash[i] >> 4];
            chars[(2 * i) + 1] = Hex[hash[i] & 0xF];
        }

        return new string(chars);
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{name}: required, and must not be empty.", name);
        }
    }
}
