namespace Courier.Core.Runs;

/// <summary>The three ways a run request ends.</summary>
public enum RunStatus
{
    Completed,

    /// <summary>Another run of the same job holds its run lease.</summary>
    AlreadyRunning,

    Failed,
}
