namespace Courier.Core.Runs;

/// <summary>The ways a run request ends.</summary>
public enum RunStatus
{
    Completed,

    /// <summary>Another run of the same job holds its run lease.</summary>
    AlreadyRunning,

    Failed,

    /// <summary>The runner stopped the run: it passed its deadline or lost its run lease. The report, if the job gave one, has its counts.</summary>
    Cancelled,
}
