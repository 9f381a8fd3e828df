using System.Text;
using Courier.Core.Credentials;

namespace Courier.Core.Tests.Credentials;

/// <summary>
/// A reversible vault for tests: the context and plaintext are masked and base64-encoded (so no secret appears as
/// clear text in a blob) and a blob only opens under the context it was made for. Records what it produced.
/// </summary>
internal sealed class FakeSecretVault : ISecretVault
{
    public const string KeyId = "ktest";
    private const byte Mask = 0x5A;

    /// <summary>Every value <see cref="Protect"/> returned, in order.</summary>
    public List<string> Produced { get; } = [];

    public int UnprotectCalls { get; private set; }

    public string CurrentKeyId => KeyId;

    /// <summary>When set, every <see cref="Unprotect"/> throws <see cref="SecretUnreadableException"/> with this reason (a rotated-away key).</summary>
    public string? UnreadableReason { get; set; }

    public string Protect(string plaintext, string context)
    {
        var blob = $"v1.{KeyId}.{Encode(context)}.{Encode(plaintext)}";
        Produced.Add(blob);
        return blob;
    }

    public string Unprotect(string protectedValue, string context)
    {
        UnprotectCalls++;
        if (UnreadableReason is { } reason) throw new SecretUnreadableException(reason);
        var parts = protectedValue.Split('.');
        if (parts.Length != 4 || parts[0] != "v1" || parts[1] != KeyId) throw new SecretUnreadableException("the value was not made by this vault");
        if (Decode(parts[2]) != context) throw new SecretUnreadableException("the value belongs to another context");
        return Decode(parts[3]);
    }

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text).Select(b => (byte)(b ^ Mask)).ToArray());

    private static string Decode(string encoded)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded).Select(b => (byte)(b ^ Mask)).ToArray());
        }
        catch (FormatException)
        {
            throw new SecretUnreadableException("the value is corrupt");
        }
    }
}
