namespace Courier.Core.Runs;

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    Running,
    Succeeded,
    Failed,

    /// <summary>Stopped by its caller's cancellation (host shutdown).</summary>
    Aborted,

    /// <summary>Stopped by the runner: the run passed its deadline or lost its run lease.</summary>
    Cancelled,
}
