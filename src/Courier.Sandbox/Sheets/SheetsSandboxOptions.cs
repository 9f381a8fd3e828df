using System.ComponentModel.DataAnnotations;

namespace Courier.Sandbox.Sheets;

/// <summary>The sandbox's Sheets settings (section <c>Sheets</c>).</summary>
public sealed class SheetsSandboxOptions
{
    public const string SectionName = "Sheets";

    /// <summary>Write requests (batchUpdate, append, batchClear) one user may make in any 60 seconds before 429; Google's default is 60.</summary>
    [Range(1, 100_000)]
    public int WriteRequestsPerMinutePerUser { get; set; } = 60;
}
