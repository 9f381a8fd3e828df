namespace Courier.Providers.Meta;

/// <summary>A Graph answer's value with the rate-limit usage its headers reported, so a job can slow down before Meta refuses.</summary>
public sealed record MetaResponse<T>(T Value, MetaUsage Usage);
