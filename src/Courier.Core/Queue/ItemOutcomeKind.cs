namespace Courier.Core.Queue;

/// <summary>What a job's handler decided for one claimed item; <see cref="QueueDrainer{TPayload}"/> turns it into a transition.</summary>
public enum ItemOutcomeKind
{
    /// <summary>The work is done: the item goes to Completed.</summary>
    Completed,

    /// <summary>A classified provider error: retried, failed or marked Unknown by the queue's rules and the job's retry policy.</summary>
    Retry,

    /// <summary>Retrying cannot help: the item goes to Failed now.</summary>
    Failed,

    /// <summary>A side effect may have happened: the item goes to Unknown and is never retried blindly.</summary>
    Unknown,

    /// <summary>Not attempted (an open circuit, a probe limit, the end of the budget): put back without counting an attempt.</summary>
    Postponed,
}
