namespace Courier.Standalone.Scheduling;

/// <summary>The standalone scheduler's settings (section <c>Scheduling</c>); unused under the Functions host, which fires timers itself.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduling";

    /// <summary>False for an instance that serves HTTP only and never fires timers.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Keeps locks and monitor rows of apps that share one storage account apart (the Functions host id).</summary>
    public string HostId { get; set; } = "courier";

    /// <summary>The per-timer listener lease: 15–60 s, renewed at half its period.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an instance that does not hold a timer's lease tries to take it.</summary>
    public TimeSpan AcquireRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time zone of the schedules (IANA id); UTC when empty. <c>WEBSITE_TIME_ZONE</c> is used when this is unset (read by TimerZone).</summary>
    public string? TimeZone { get; set; }
}
