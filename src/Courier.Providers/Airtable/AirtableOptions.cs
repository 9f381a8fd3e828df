namespace Courier.Providers.Airtable;

/// <summary>Where and how the Airtable client calls (section <c>Airtable</c>); point <see cref="BaseUrl"/> at the sandbox for tests and local runs.</summary>
public sealed class AirtableOptions
{
    public const string SectionName = "Airtable";

    /// <summary>The API host; the client adds <c>/v0/{baseId}/{table}</c>.</summary>
    public string BaseUrl { get; set; } = "https://api.airtable.com";

    /// <summary>A personal access token used when no site credentials are stored in the vault (optional; a secret).</summary>
    public string? AccessToken { get; set; }

    /// <summary>Per-attempt limit of one Airtable request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests the client sends to one base in any <see cref="RateWindow"/>; Airtable allows 5 a second per base.</summary>
    public int RequestsPerSecondPerBase { get; set; } = 5;

    /// <summary>
    /// The window the limit is counted over: a little more than Airtable's second, because requests arrive with jitter and one
    /// too many costs a 30-second penalty for the whole base.
    /// </summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMilliseconds(1250);

    /// <summary>The wait after a 429 without Retry-After; Airtable asks for 30 seconds.</summary>
    public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromSeconds(30);
}
