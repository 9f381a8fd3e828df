using Courier.Core.Scheduling;
using Courier.Functions.Tests.Storage.Scheduling;

namespace Courier.Functions.Tests.Support;

public sealed class InMemoryTimerLockStoreTests : TimerLockStoreConformance
{
    protected override ITimerLockStore Store { get; } = new InMemoryTimerLockStore();
}
