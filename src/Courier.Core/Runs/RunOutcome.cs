namespace Courier.Core.Runs;

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    Running,
    Succeeded,
    Failed,

    /// <summary>Stopped by cancellation or a lost singleton lease.</summary>
    Aborted,
}
