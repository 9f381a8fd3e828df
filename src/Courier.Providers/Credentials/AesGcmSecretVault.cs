using System.Security.Cryptography;
using System.Text;
using Courier.Core.Credentials;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Credentials;

/// <summary>
/// AES-256-GCM vault. Output: <c>v1.{keyId}.{base64 nonce}.{base64 ciphertext+tag}</c>, with the context as associated data,
/// so a value only decrypts under the key id it names and for the row it was written for.
/// </summary>
public sealed class AesGcmSecretVault : ISecretVault
{
    public const string FormatVersion = "v1";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    public AesGcmSecretVault(IOptions<VaultOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Reading Value runs VaultOptionsValidator, so a bad key stops start-up here with its exact message.
        var settings = options.Value;
        CurrentKeyId = settings.KeyId;
        keys[settings.KeyId] = VaultKeys.TryDecode(settings.Key)!;
        foreach (var (keyId, key) in settings.PreviousKeys)
        {
            keys[keyId] = VaultKeys.TryDecode(key)!;
        }
    }

    /// <summary>The key id new values are written with; a stored value of another id is due for re-encryption.</summary>
    public string CurrentKeyId { get; }

    public string Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(context);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[clear.Length + TagSize];
        using (var aes = new AesGcm(keys[CurrentKeyId], TagSize))
        {
            aes.Encrypt(nonce, clear, sealedBytes.AsSpan(0, clear.Length), sealedBytes.AsSpan(clear.Length), Encoding.UTF8.GetBytes(context));
        }

        CryptographicOperations.ZeroMemory(clear);
        return $"{FormatVersion}.{CurrentKeyId}.{Convert.ToBase64String(nonce)}.{Convert.ToBase64String(sealedBytes)}";
    }

    public string Unprotect(string protectedValue, string context)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        ArgumentNullException.ThrowIfNull(context);
        var parts = protectedValue.Split('.');
        if (parts.Length != 4 || parts[0] != FormatVersion || !VaultKeys.IsValidKeyId(parts[1]))
        {
            throw new SecretUnreadableException($"The protected value is not in the {FormatVersion}.<keyId>.<nonce>.<ciphertext> format.");
        }

        var keyId = parts[1];
        if (!keys.TryGetValue(keyId, out var key))
        {
            throw new SecretUnreadableException($"The protected value was written with key id '{keyId}', which is not configured (current key id '{CurrentKeyId}'; add the old key to VAULT_PREVIOUS_KEYS).");
        }

        var nonce = VaultKeys.TryDecode(parts[2]);
        var sealedBytes = VaultKeys.TryDecode(parts[3]);
        if (nonce is not { Length: NonceSize } || sealedBytes is null || sealedBytes.Length < TagSize)
        {
            throw new SecretUnreadableException($"The protected value of key id '{keyId}' is corrupt (bad nonce or ciphertext).");
        }

        var clear = new byte[sealedBytes.Length - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, clear.Length), sealedBytes.AsSpan(clear.Length), clear, Encoding.UTF8.GetBytes(context));
            return Encoding.UTF8.GetString(clear);
        }
        catch (CryptographicException)
        {
            throw new SecretUnreadableException($"The protected value could not be decrypted with key id '{keyId}': it was altered, or it belongs to another context.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }

    /// <summary>The key id a protected value names, or null when it is not vault output (used to find values to re-encrypt after a rotation).</summary>
    public static string? KeyIdOf(string protectedValue)
    {
        var parts = protectedValue?.Split('.');
        return parts is { Length: 4 } && parts[0] == FormatVersion && VaultKeys.IsValidKeyId(parts[1]) ? parts[1] : null;
    }
}
