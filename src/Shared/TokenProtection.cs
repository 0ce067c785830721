using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Encrypts token pairs at rest with ASP.NET Core Data Protection, one protector per user under the purpose
/// <see cref="Purpose"/>. The key ring is the application's when it configured one (see <see cref="HasOwnKeyRing"/>);
/// otherwise a key ring of the SDK's own, kept by the given repository in the same backend as the pairs, under the
/// application name <see cref="ApplicationName"/>, so that every instance and every content root reads it. The
/// application's own Data Protection settings are never changed. Compiled into each package that stores pairs.
/// </summary>
internal sealed partial class TokenProtection : IDisposable
{
    /// <summary>The purpose of the protectors: token pairs at rest, format 1. The user id is a sub-purpose.</summary>
    public const string Purpose = "Withings.Sdk.TokenPair.v1";

    /// <summary>The application name of the SDK's own key ring.</summary>
    public const string ApplicationName = "Withings.Sdk";

    private readonly IDataProtector _protector;
    private readonly ServiceProvider? _ownKeyRing;

    /// <param name="services">The application's services: its Data Protection settings and loggers.</param>
    /// <param name="ownKeyRing">Creates the repository of the SDK's own key ring; called only when the application has none.</param>
    /// <param name="place">Where that key ring is kept, for the log.</param>
    public TokenProtection(IServiceProvider services, Func<IXmlRepository> ownKeyRing, string place)
    {
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger<TokenProtection>();
        if (HasOwnKeyRing(services) && services.GetService<IDataProtectionProvider>() is { } application)
        {
            _protector = application.CreateProtector(Purpose);
            UsesApplicationKeyRing(logger);
            return;
        }

        var own = new ServiceCollection();
        own.AddSingleton(loggers);
        own.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .AddKeyManagementOptions(options => options.XmlRepository = ownKeyRing());
        _ownKeyRing = own.BuildServiceProvider();
        _protector = _ownKeyRing.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        UsesOwnKeyRing(logger, place);
    }

    /// <summary>
    /// Whether the application configured a key ring of its own: its <see cref="KeyManagementOptions.XmlRepository"/>
    /// is set once all its options ran, as every <c>PersistKeysTo…</c> does. Unset, Data Protection would fall back to
    /// a folder of the machine (or to memory), which neither survives a new container nor is shared by instances.
    /// </summary>
    public static bool HasOwnKeyRing(IServiceProvider services) =>
        services.GetService<IOptions<KeyManagementOptions>>()?.Value.XmlRepository is not null;

    public byte[] Protect(WithingsTokenPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("access", pair.AccessToken);
            writer.WriteString("refresh", pair.RefreshToken);
            writer.WriteString("expires", pair.ExpiresAt);
            writer.WriteString("scope", pair.Scope);
            writer.WriteEndObject();
        }

        return For(pair.UserId).Protect(buffer.WrittenSpan.ToArray());
    }

    /// <exception cref="InvalidOperationException">The pair cannot be decrypted or read; never says anything of its content.</exception>
    public WithingsTokenPair Unprotect(long userId, byte[] protectedPair)
    {
        byte[] plain;
        try
        {
            plain = For(userId).Unprotect(protectedPair);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"The stored token pair of user {userId.ToString(CultureInfo.InvariantCulture)} cannot be decrypted: the Data Protection key it was encrypted with is not in the key ring (was the key ring moved, deleted, or its configuration changed?). Restore the key ring, or send the user through the authorization flow again.",
                exception);
        }

        try
        {
            using var document = JsonDocument.Parse(plain);
            var root = document.RootElement;
            return new WithingsTokenPair(
                userId,
                root.GetProperty("access").GetString()!,
                root.GetProperty("refresh").GetString()!,
                root.GetProperty("expires").GetDateTimeOffset(),
                root.GetProperty("scope").GetString());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // The exception's message could quote the content: only its type is kept.
            throw new InvalidOperationException(
                $"The stored token pair of user {userId.ToString(CultureInfo.InvariantCulture)} decrypts but is not a token pair ({exception.GetType().Name}).");
        }
    }

    public void Dispose() => _ownKeyRing?.Dispose();

    private IDataProtector For(long userId) => _protector.CreateProtector(userId.ToString(CultureInfo.InvariantCulture));

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Token pairs are encrypted at rest with the application's Data Protection key ring")]
    private static partial void UsesApplicationKeyRing(ILogger logger);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Token pairs are encrypted at rest with a Data Protection key ring of the SDK's own, kept in {Place}: the application configured none")]
    private static partial void UsesOwnKeyRing(ILogger logger, string place);
}
