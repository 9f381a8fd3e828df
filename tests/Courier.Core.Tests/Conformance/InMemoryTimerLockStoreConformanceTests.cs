using Courier.Core.Scheduling;
using Courier.TestUtils.Conformance.Scheduling;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared timer-lock conformance suite on <see cref="InMemoryTimerLockStore"/>, so scheduler tests can trust the fake.</summary>
public sealed class InMemoryTimerLockStoreConformanceTests : TimerLockStoreConformance
{
    protected override ITimerLockStore Store { get; } = new InMemoryTimerLockStore();
}
