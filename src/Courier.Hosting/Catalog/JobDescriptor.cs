namespace Courier.Hosting.Catalog;

/// <summary>
/// Everything about one job that a host, the status page or the docs need: written once per job (in
/// <c>Jobs/&lt;Job&gt;/&lt;Job&gt;Job.cs</c>) and read by the catalog, the job's registration, recovery and the status page.
/// </summary>
public sealed record JobDescriptor
{
    /// <summary>The job's name: its timer function's name (for example <c>process-offline-conversions</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Human name, as the spec's table and the status page show it.</summary>
    public required string Title { get; init; }

    /// <summary>The default six-field NCRONTAB schedule; an app setting (<see cref="ScheduleSetting"/>) overrides it per deployment.</summary>
    public required string Schedule { get; init; }

    /// <summary>The app setting that overrides the schedule: <c>SCHEDULE_</c> and the name in upper case with underscores.</summary>
    public required string ScheduleSetting { get; init; }

    /// <summary>The HTTP twin: the same run on demand behind a secret.</summary>
    public required TwinDescriptor Twin { get; init; }

    /// <summary>The job's producer and query APIs.</summary>
    public IReadOnlyList<ApiDescriptor> Apis { get; init; } = [];

    /// <summary>The queues the job drains; each must be registered before the job can start.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>The twin's function name: the timer name plus <see cref="JobCatalog.TwinSuffix"/>.</summary>
    public string TwinName => Name + JobCatalog.TwinSuffix;

    /// <summary>The schedule expression the timer trigger carries: <c>%SETTING%</c>, resolved by the host from app settings.</summary>
    public string ScheduleExpression => "%" + ScheduleSetting + "%";

    /// <summary>The app setting name a job's schedule override is read from.</summary>
    public static string ScheduleSettingOf(string job) => "SCHEDULE_" + job.Replace('-', '_').ToUpperInvariant();
}
