namespace Courier.Providers.Sheets;

/// <summary>Where and how the Sheets client calls (section <c>Sheets</c>); point the URLs at the sandbox for tests and local runs.</summary>
public sealed class SheetsOptions
{
    public const string SectionName = "Sheets";

    /// <summary>The API host; the client adds <c>/v4/spreadsheets/…</c>.</summary>
    public string BaseUrl { get; set; } = "https://sheets.googleapis.com";

    /// <summary>Where a service account trades its signed JWT for an access token (it replaces the key's own <c>token_uri</c>).</summary>
    public string TokenUrl { get; set; } = "https://oauth2.googleapis.com/token";

    /// <summary>Per-attempt limit of one Sheets request; Google gives up on a request after about 180 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
