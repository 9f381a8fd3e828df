using Courier.Core.Queue;

namespace Courier.Core.Jobs.Artifacts;

/// <summary>What a request for an archive did.</summary>
/// <param name="Item">The artifact's queue item (null when the project is unknown).</param>
/// <param name="Queued">True when this request queued a generation (new, or a FAILED one re-driven); false when an existing one answers it.</param>
public sealed record ArtifactRequestResult(QueueItem? Item, bool Queued)
{
    /// <summary>Nothing at all is stored under the project's folder.</summary>
    public bool ProjectUnknown => Item is null;

    public static ArtifactRequestResult UnknownProject { get; } = new(null, false);
}
