using System.ComponentModel.DataAnnotations;

namespace Courier.Core.Runs;

/// <summary>Run budget and identity shared by every job's runs.</summary>
public sealed class JobRunnerOptions
{
    /// <summary>How long a run may claim work: the function timeout less one minute by default (10 min − 1 min).</summary>
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>Time kept in hand at the end of the budget to finish or release claimed items.</summary>
    public TimeSpan ClaimReserve { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This process's name in run records and leases.</summary>
    [Required]
    public string InstanceId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId;
}
