namespace Courier.Providers.Drive;

/// <summary>Where and how the Drive client calls (section <c>Drive</c>); point the URLs at the sandbox for tests and local runs.</summary>
public sealed class DriveOptions
{
    public const string SectionName = "Drive";

    /// <summary>The API host; the client adds <c>/drive/v3/files…</c>.</summary>
    public string BaseUrl { get; set; } = "https://www.googleapis.com";

    /// <summary>Where a service account trades its signed JWT for an access token (it replaces the key's own <c>token_uri</c>).</summary>
    public string TokenUrl { get; set; } = "https://oauth2.googleapis.com/token";

    /// <summary>
    /// The Google credential JSON used when no site credentials are stored in the vault: a service-account key or a workload
    /// identity federation config (<c>"type":"external_account"</c>). Optional; a key is a secret.
    /// </summary>
    public string? CredentialJson { get; set; }

    /// <summary>Per-attempt limit of one Drive request; a server-side copy of a large file can take a while.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Items per list page (Drive allows up to 1000).</summary>
    public int PageSize { get; set; } = 1000;
}
