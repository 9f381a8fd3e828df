namespace Courier.Storage.Tables;

/// <summary>The key layout of every table with one row per (site, provider): PartitionKey site id, RowKey provider key, both escaped.</summary>
internal static class SiteProviderKeys
{
    private const int MaxKeyLength = 1000;

    public static string Partition(string? siteId) => KeyEscaper.EscapeBounded(siteId ?? "", MaxKeyLength);

    public static string Row(string? providerKey) => KeyEscaper.EscapeBounded(providerKey ?? "", MaxKeyLength);
}
