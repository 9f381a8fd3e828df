namespace Courier.Providers.Meta;

/// <summary>An Instagram container's <c>status_code</c> (IN_PROGRESS, FINISHED, ERROR, EXPIRED, PUBLISHED) and Meta's <c>status</c> text.</summary>
public sealed record MetaContainerStatus(string StatusCode, string? Status)
{
    public const string InProgress = "IN_PROGRESS";
    public const string Finished = "FINISHED";
    public const string Error = "ERROR";
    public const string Expired = "EXPIRED";
    public const string Published = "PUBLISHED";
}
