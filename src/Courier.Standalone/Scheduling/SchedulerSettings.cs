namespace Courier.Standalone.Scheduling;

/// <summary>The scheduler's validated settings, copied once at start-up.</summary>
/// <param name="HostId">Scope of locks and monitor rows.</param>
/// <param name="Owner">This instance's name on the locks it holds.</param>
/// <param name="LeaseDuration">Listener lease length; renewed at half of it.</param>
/// <param name="AcquireRetryInterval">Wait between attempts to take a lease held by another instance.</param>
/// <param name="Zone">Time zone of the schedules.</param>
public sealed record SchedulerSettings(string HostId, string Owner, TimeSpan LeaseDuration, TimeSpan AcquireRetryInterval, TimeZoneInfo Zone)
{
    public TimeSpan RenewInterval => LeaseDuration / 2;
}
