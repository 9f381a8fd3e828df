using Courier.Core.Scheduling;
using Courier.TestUtils.Conformance.Scheduling;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared schedule-monitor conformance suite on <see cref="InMemoryScheduleMonitor"/>, so scheduler tests can trust the fake.</summary>
public sealed class InMemoryScheduleMonitorConformanceTests : ScheduleMonitorConformance
{
    protected override IScheduleMonitor Monitor { get; } = new InMemoryScheduleMonitor();
}
