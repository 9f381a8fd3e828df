namespace Courier.Core.Scheduling;

/// <summary>Port: the per-timer listener lock of the standalone scheduler (a blob lease on Azure), so one instance fires each timer.</summary>
public interface ITimerLockStore
{
    /// <summary>Takes the lock when free; null when another holder has it.</summary>
    Task<TimerLock?> TryAcquireAsync(string hostId, string timer, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends a held lock. False when it was lost (taken over or expired and re-acquired); throws on errors that leave it unknown.</summary>
    Task<bool> RenewAsync(TimerLock held, CancellationToken cancellationToken);

    /// <summary>Gives the lock up so another instance can take it at once; a lock already lost is ignored.</summary>
    Task ReleaseAsync(TimerLock held, CancellationToken cancellationToken);
}
