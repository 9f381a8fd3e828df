using System.Security.Cryptography;
using System.Text;

namespace Courier.Core.Jobs.Social;

/// <summary>
/// The reference Courier appends to every post so a publish whose answer was lost can be found among the page's recent posts:
/// a new line, an INVISIBLE SEPARATOR (U+2063) and <c>ref:</c> plus 8 characters derived from the post id. Readers see a short
/// "ref:…" line; search matches the <c>ref:…</c> text alone, so it still works if the platform drops the invisible character.
/// </summary>
public static class SocialMarker
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>The searchable marker of <paramref name="postId"/>, e.g. <c>ref:k3v9qz2a</c>.</summary>
    public static string Of(string postId)
    {
        ArgumentException.ThrowIfNullOrEmpty(postId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(postId));
        var code = new char[8];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Alphabet[hash[i] % Alphabet.Length];
        }

        return "ref:" + new string(code);
    }

    /// <summary>The text actually sent: <paramref name="content"/>, a new line, U+2063 and the marker.</summary>
    public static string Apply(string content, string marker) => $"{content.TrimEnd()}\n\u2063{marker}";
}
