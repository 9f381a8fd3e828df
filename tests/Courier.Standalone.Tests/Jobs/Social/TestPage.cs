namespace Courier.Standalone.Tests.Jobs.Social;

/// <summary>A Facebook Page with a linked Instagram account and a Page token, all unique per test so tests never share ledger rows.</summary>
public sealed record TestPage(string ConnectionId, string PageId, string InstagramUserId, string Token)
{
    public static TestPage Create()
    {
        var n = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        return new TestPage($"conn-{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "1784" + n, $"EAAB-page-SECRET-{Guid.NewGuid():N}");
    }
}
