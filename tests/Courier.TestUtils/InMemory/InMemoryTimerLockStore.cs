using Courier.Core.Scheduling;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="ITimerLockStore"/> whose leases expire on the injected clock, like blob leases.</summary>
public sealed class InMemoryTimerLockStore(TimeProvider time) : ITimerLockStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string, string), (string LeaseId, DateTimeOffset Until)> _leases = new();
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);

    public InMemoryTimerLockStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Makes every call of <paramref name="owner"/> fail, as for a process that lost its network or died.</summary>
    public void MakeUnreachable(string owner)
    {
        lock (_gate) _unreachable.Add(owner);
    }

    public Task<TimerLock?> TryAcquireAsync(string hostId, string timer, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfUnreachable(owner);
            var now = time.GetUtcNow();
            if (_leases.TryGetValue((hostId, timer), out var held) && held.Until > now) return Task.FromResult<TimerLock?>(null);
            var leaseId = Guid.NewGuid().ToString("N");
            _leases[(hostId, timer)] = (leaseId, now + duration);
            return Task.FromResult<TimerLock?>(new TimerLock(hostId, timer, owner, leaseId, duration));
        }
    }

    public Task<bool> RenewAsync(TimerLock held, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfUnreachable(held.Owner);
            var now = time.GetUtcNow();
            if (!_leases.TryGetValue((held.HostId, held.Timer), out var current) || current.LeaseId != held.LeaseId) return Task.FromResult(false);
            // An expired lease can still be renewed while nobody took it, as with blob leases.
            _leases[(held.HostId, held.Timer)] = (held.LeaseId, now + held.Duration);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(TimerLock held, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfUnreachable(held.Owner);
            if (_leases.TryGetValue((held.HostId, held.Timer), out var current) && current.LeaseId == held.LeaseId) _leases.Remove((held.HostId, held.Timer));
        }

        return Task.CompletedTask;
    }

    private void ThrowIfUnreachable(string owner)
    {
        if (_unreachable.Contains(owner)) throw new IOException($"{owner} cannot reach storage");
    }
}
