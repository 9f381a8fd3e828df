using Courier.Core.Scheduling;
using Courier.Functions.Tests.Storage.Scheduling;

namespace Courier.Functions.Tests.Support;

public sealed class InMemoryScheduleMonitorTests : ScheduleMonitorConformance
{
    protected override IScheduleMonitor Monitor { get; } = new InMemoryScheduleMonitor();
}
