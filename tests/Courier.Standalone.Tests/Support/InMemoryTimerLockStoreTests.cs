using Courier.Core.Scheduling;
using Courier.Standalone.Tests.Storage.Scheduling;

namespace Courier.Standalone.Tests.Support;

public sealed class InMemoryTimerLockStoreTests : TimerLockStoreConformance
{
    protected override ITimerLockStore Store { get; } = new InMemoryTimerLockStore();
}
