using System.ComponentModel.DataAnnotations;

namespace Courier.Core.Runs;

/// <summary>Run budget, run lease and identity shared by every job's runs (section <c>Runs</c>); checked by <see cref="JobRunnerOptionsRules"/>.</summary>
public sealed class JobRunnerOptions
{
    /// <summary>How long a run may claim work: the function timeout less one minute by default (10 min − 1 min).</summary>
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>Time kept in hand at the end of the budget to finish or release claimed items.</summary>
    public TimeSpan ClaimReserve { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the per-job run lease lasts without renewal; a live run renews it every third of this. A killed instance
    /// therefore holds its job for at most this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time after the budget before the run's cancellation token is cancelled and the run is recorded as cancelled.</summary>
    public TimeSpan DeadlineGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This process's name in run records and leases.</summary>
    [Required]
    public string InstanceId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId;
}
