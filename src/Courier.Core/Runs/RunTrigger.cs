namespace Courier.Core.Runs;

/// <summary>What started a run.</summary>
public enum RunTrigger
{
    Timer,

    /// <summary>A timer occurrence missed while no instance was up, run once late.</summary>
    PastDue,

    Http,

    Startup,
}
