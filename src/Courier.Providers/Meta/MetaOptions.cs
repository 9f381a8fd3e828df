namespace Courier.Providers.Meta;

/// <summary>Where and how the Meta Graph client calls (section <c>Meta</c>); point <see cref="BaseUrl"/> at the sandbox for tests and local runs.</summary>
public sealed class MetaOptions
{
    public const string SectionName = "Meta";

    /// <summary>The Graph host; the client adds <c>/{ApiVersion}/…</c>.</summary>
    public string BaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>The pinned Graph version, <c>v{major}.0</c>; move it forward before Meta retires it (about two years after release).</summary>
    public string ApiVersion { get; set; } = "v25.0";

    /// <summary>Per-attempt limit of one Graph request. A publish that reaches it after sending has an unknown outcome.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
