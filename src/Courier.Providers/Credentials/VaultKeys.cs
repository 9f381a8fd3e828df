using System.Text.RegularExpressions;

namespace Courier.Providers.Credentials;

/// <summary>Decoding and naming rules of vault keys, shared by the validator and the vault.</summary>
internal static partial class VaultKeys
{
    public const int KeySize = 32;

    /// <summary>Null when <paramref name="text"/> is not base64; else the bytes (of any length: the caller checks it).</summary>
    public static byte[]? TryDecode(string? text)
    {
        try
        {
            return Convert.FromBase64String((text ?? "").Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool IsValidKeyId(string? keyId) => keyId is not null && KeyIdPattern().IsMatch(keyId);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}
