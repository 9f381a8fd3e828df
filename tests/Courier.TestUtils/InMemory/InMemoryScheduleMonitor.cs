using Courier.Core.Scheduling;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="IScheduleMonitor"/> with the storage adapter's conditional-write rules.</summary>
public sealed class InMemoryScheduleMonitor : IScheduleMonitor
{
    private readonly object _gate = new();
    private readonly Dictionary<(string, string), ScheduleStatus> _rows = new();
    private long _version;

    public Task<ScheduleStatus?> GetAsync(string hostId, string timer, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_rows.GetValueOrDefault((hostId, timer)));
    }

    public Task<bool> TryWriteAsync(string hostId, string timer, ScheduleStatus status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var exists = _rows.TryGetValue((hostId, timer), out var current);
            if (status.Version is null ? exists : !exists || current!.Version != status.Version) return Task.FromResult(false);
            _rows[(hostId, timer)] = status with { Version = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return Task.FromResult(true);
        }
    }
}
