namespace Courier.Providers.Meta;

/// <summary>An Instagram account's <c>content_publishing_limit</c>: posts used in the window and the allowance.</summary>
public sealed record MetaPublishingLimit(int Used, int Total, TimeSpan Window)
{
    public bool Reached => Used >= Total;
}
