namespace Courier.Core.Queue;

/// <summary>Error codes the queue mechanics themselves write on items handed to a drain handler.</summary>
public static class QueueErrorCodes
{
    /// <summary>Put back because the run stopped (shutdown, deadline) while the item's call was under way.</summary>
    public const string Interrupted = "INTERRUPTED";
}
