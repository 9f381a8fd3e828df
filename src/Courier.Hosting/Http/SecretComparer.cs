using System.Security.Cryptography;
using System.Text;

namespace Courier.Hosting.Http;

/// <summary>
/// Compares a presented secret with the configured one in constant time. Both are hashed first, so the
/// comparison runs over two fixed-length digests and neither the length nor a common prefix leaks.
/// </summary>
public static class SecretComparer
{
    public static bool Matches(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(expected)) return false;
        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        // Hash an empty presented value too, so a missing secret takes as long as a wrong one.
        return CryptographicOperations.FixedTimeEquals(a, b) && presented is not null;
    }
}
