namespace Courier.Core.Circuits;

/// <summary>One circuit: a site (or page, spreadsheet, base…) and a provider.</summary>
public readonly record struct CircuitKey(string SiteId, string ProviderKey)
{
    public override string ToString() => $"{SiteId}/{ProviderKey}";
}
