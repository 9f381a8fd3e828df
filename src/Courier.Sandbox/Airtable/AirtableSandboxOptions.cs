using System.ComponentModel.DataAnnotations;

namespace Courier.Sandbox.Airtable;

/// <summary>The sandbox's Airtable settings (section <c>Airtable</c>).</summary>
public sealed class AirtableSandboxOptions
{
    public const string SectionName = "Airtable";

    /// <summary>Requests one base takes in any second before 429; Airtable's limit is 5.</summary>
    [Range(1, 10_000)]
    public int RequestsPerSecondPerBase { get; set; } = 5;

    /// <summary>How long a base keeps answering 429 after going over the limit; Airtable asks for 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Penalty { get; set; } = TimeSpan.FromSeconds(30);
}
