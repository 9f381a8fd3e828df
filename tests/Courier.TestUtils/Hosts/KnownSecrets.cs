using System.Collections.Concurrent;

namespace Courier.TestUtils.Hosts;

/// <summary>
/// Every secret value a test run has configured or seeded (TestSecrets, tokens, refresh tokens, page tokens, the vault key):
/// hosts check their captured logs against it when they stop, so a leak fails the test that caused it, in every project.
/// </summary>
public static class KnownSecrets
{
    /// <summary>Shorter values would match ordinary text by chance.</summary>
    private const int MinimumLength = 8;

    private static readonly ConcurrentDictionary<string, byte> Values = new(StringComparer.Ordinal)
    {
        [TestSecrets.Cron] = 0,
        [TestSecrets.Deliveries] = 0,
        [TestSecrets.Api] = 0,
        [TestSecrets.VaultKey] = 0,
    };

    public static IReadOnlyCollection<string> All => [.. Values.Keys];

    /// <summary>Adds values a test seeds (a site's refresh token, a page token, a sandbox-issued access token).</summary>
    public static void Register(params IEnumerable<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            if (secret is { Length: >= MinimumLength }) Values.TryAdd(secret, 0);
        }
    }

    /// <summary>The lines holding a known secret, each with the secret masked (so the failure message does not leak it again).</summary>
    public static IReadOnlyList<string> Leaks(IEnumerable<string> lines, IEnumerable<string>? extra = null)
    {
        var secrets = extra is null ? All : [.. All, .. extra.Where(s => s.Length >= MinimumLength)];
        var leaks = new List<string>();
        foreach (var line in lines)
        {
            foreach (var secret in secrets)
            {
                if (line.Contains(secret, StringComparison.Ordinal)) leaks.Add(line.Replace(secret, $"<secret {secret[..3]}…>", StringComparison.Ordinal));
            }
        }

        return leaks;
    }

    /// <summary>Fails the current test when <paramref name="lines"/> hold a known secret.</summary>
    public static void AssertNone(IEnumerable<string> lines, string where)
    {
        var leaks = Leaks(lines);
        if (leaks.Count > 0) Assert.Fail($"{leaks.Count} line(s) of {where} hold a secret:\n" + string.Join("\n", leaks.Take(10)));
    }
}
