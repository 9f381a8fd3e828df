namespace Courier.Core.Scheduling;

/// <summary>
/// Port: the schedule monitor (last and next occurrence per timer). Writes are conditional, so an occurrence is
/// claimed once even when two instances both believe they hold the timer's lock.
/// </summary>
public interface IScheduleMonitor
{
    Task<ScheduleStatus?> GetAsync(string hostId, string timer, CancellationToken cancellationToken);

    /// <summary>Creates the status when <see cref="ScheduleStatus.Version"/> is null, else replaces it if the version still matches. False when the race was lost.</summary>
    Task<bool> TryWriteAsync(string hostId, string timer, ScheduleStatus status, CancellationToken cancellationToken);
}
