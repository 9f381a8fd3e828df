using Courier.Core.Scheduling;
using Courier.Hosting.Timers;

namespace Courier.Standalone.Scheduling;

/// <summary>The next occurrence as the schedule monitor holds it, for the status page.</summary>
public sealed class MonitorNextFireLookup(IScheduleMonitor monitor, SchedulerSettings settings) : INextFireLookup
{
    public async Task<DateTimeOffset?> NextFireAsync(string timer, CancellationToken cancellationToken) =>
        (await monitor.GetAsync(settings.HostId, timer, cancellationToken).ConfigureAwait(false))?.Next;
}
