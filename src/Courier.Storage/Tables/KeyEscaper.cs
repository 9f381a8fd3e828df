using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Courier.Storage.Tables;

/// <summary>
/// Makes any string usable inside a PartitionKey or RowKey. Characters the service forbids (<c>/ \ # ?</c> and control
/// characters), plus '%' (mangled by URL decoding of point reads on some endpoints) and the escape character '!' itself,
/// become <c>!XX</c> (hex code). The mapping is reversible and keeps ordinary ids readable.
/// </summary>
internal static class KeyEscaper
{
    private const char EscapeChar = '!';

    /// <summary>Marks a key that was too long once escaped and was replaced by its hash; never produced by escaping ('!' is always followed by hex).</summary>
    private const string HashedMarker = "!!";

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                builder ??= new StringBuilder(value.Length + 16).Append(value, 0, i);
                builder.Append(EscapeChar).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? value;
    }

    /// <summary>
    /// Escapes <paramref name="value"/>, or, when the escaped form would exceed <paramref name="maxLength"/> (keys hold at most
    /// 1024 characters), stands in a SHA-256 of the value. Callers that need the original keep it in a column.
    /// </summary>
    public static string EscapeBounded(string value, int maxLength)
    {
        var escaped = Escape(value);
        if (escaped.Length <= maxLength) return escaped;
        return HashedMarker + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Reverses <see cref="Escape"/>. Throws <see cref="FormatException"/> for a malformed or hashed key.</summary>
    public static string Unescape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.IndexOf(EscapeChar, StringComparison.Ordinal) < 0) return key;
        if (key.StartsWith(HashedMarker, StringComparison.Ordinal)) throw new FormatException("the key is a hash of a long value and cannot be reversed");
        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c != EscapeChar)
            {
                builder.Append(c);
                continue;
            }

            if (i + 2 >= key.Length) throw new FormatException($"truncated escape at position {i}");
            if (!int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                throw new FormatException($"bad escape at position {i}");
            builder.Append((char)code);
            i += 2;
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>, or null when <paramref name="key"/> was not made by it.</summary>
    public static string? TryUnescape(string key)
    {
        try
        {
            return Unescape(key);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or EscapeChar || char.IsControl(c);
}
