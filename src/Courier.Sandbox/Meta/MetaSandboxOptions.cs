using System.ComponentModel.DataAnnotations;

namespace Courier.Sandbox.Meta;

/// <summary>The sandbox's Meta settings (section <c>Meta</c>).</summary>
public sealed class MetaSandboxOptions
{
    public const string SectionName = "Meta";

    /// <summary>How many status reads of a new Instagram container answer IN_PROGRESS before it is FINISHED.</summary>
    [Range(0, 1000)]
    public int ContainerPollsInProgress { get; set; } = 1;

    /// <summary>Instagram posts one account may publish in any rolling 24 hours (Meta documents 50; older docs 25).</summary>
    [Range(1, 10_000)]
    public int PublishingLimitPer24Hours { get; set; } = 50;
}
