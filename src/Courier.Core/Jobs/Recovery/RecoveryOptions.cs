namespace Courier.Core.Jobs.Recovery;

/// <summary>Settings of the recovery job (spec §5.4); validated at start-up by <see cref="RecoveryOptionsValidator"/>.</summary>
public sealed class RecoveryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Recovery";

    /// <summary>How long a lease must have been expired before its item is rescued; the run parameter <c>min_age_minutes</c> overrides it.</summary>
    public TimeSpan MinAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Items rescued per read and write round. A run rescues batch after batch until a short batch or its budget ends, so
    /// this sizes the round trips, not how many a run may rescue.
    /// </summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Completed items older than this are pruned by each recovery run (spec §3 retention).</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Failed items older than this are pruned by each recovery run; kept longer so an operator can look at them.</summary>
    public TimeSpan FailedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At most this many items are pruned per queue and state in one run; the rest go in later runs.</summary>
    public int MaxPrunedPerQueue { get; set; } = 1000;
}
