namespace Courier.Core.Scheduling;

/// <summary>A held per-timer listener lock: only its holder fires that timer.</summary>
/// <param name="HostId">The app's host id: apps sharing storage keep their locks apart by it.</param>
/// <param name="Timer">The timer function's name.</param>
/// <param name="Owner">Who holds it (instance id).</param>
/// <param name="LeaseId">The store's token for renew and release.</param>
/// <param name="Duration">How long the lock lasts without renewal.</param>
public sealed record TimerLock(string HostId, string Timer, string Owner, string LeaseId, TimeSpan Duration);
