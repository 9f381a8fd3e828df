using Courier.Core.Scheduling;
using Courier.Standalone.Tests.Storage.Scheduling;

namespace Courier.Standalone.Tests.Support;

public sealed class InMemoryScheduleMonitorTests : ScheduleMonitorConformance
{
    protected override IScheduleMonitor Monitor { get; } = new InMemoryScheduleMonitor();
}
