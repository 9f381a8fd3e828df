using Courier.Storage.Tables;

namespace Courier.Storage.Tests.Tables;

/// <summary>Key escaping: forbidden characters never reach a key, and every escaped key reads back.</summary>
public sealed class KeyEscaperTests
{
    [Theory]
    [InlineData("a/b#c?d\\e", "a!2Fb!23c!3Fd!5Ce")]
    [InlineData("plain-id_1.2", "plain-id_1.2")]
    [InlineData("50%!", "50!25!21")]
    [InlineData("tab\there", "tab!09here")]
    [InlineData("\u007f\u009f", "!7F!9F")]
    public void Escape_ForbiddenAndEscapeCharacters_BecomeHexCodes(string raw, string escaped)
    {
        Assert.Equal(escaped, KeyEscaper.Escape(raw));
    }

    [Theory]
    [InlineData("a/b#c?d\\e")]
    [InlineData("!21 already looks escaped")]
    [InlineData("ünï cødé 🚀 | ' \" %")]
    [InlineData("\u0000\u001f")]
    [InlineData("")]
    public void Unescape_EscapedValue_RoundTrips(string raw)
    {
        var escaped = KeyEscaper.Escape(raw);

        Assert.Equal(raw, KeyEscaper.Unescape(escaped));
        Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
    }

    [Fact]
    public void EscapeBounded_TooLongOnceEscaped_StableHashWithinLimit()
    {
        var longId = new string('/', 400);

        var first = KeyEscaper.EscapeBounded(longId, 960);
        var second = KeyEscaper.EscapeBounded(longId, 960);

        Assert.Equal(first, second);
        Assert.True(first.Length <= 960);
        Assert.StartsWith("!!", first, StringComparison.Ordinal);
        Assert.NotEqual(first, KeyEscaper.EscapeBounded(longId + "/", 960));
        Assert.Null(KeyEscaper.TryUnescape(first));
    }

    [Theory]
    [InlineData("abc!")]
    [InlineData("abc!2")]
    [InlineData("abc!zz")]
    public void Unescape_Malformed_Throws(string key)
    {
        Assert.Throws<FormatException>(() => KeyEscaper.Unescape(key));
        Assert.Null(KeyEscaper.TryUnescape(key));
    }
}
