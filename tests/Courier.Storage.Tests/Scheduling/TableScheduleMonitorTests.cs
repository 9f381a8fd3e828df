using Courier.Core.Scheduling;
using Courier.Storage.Scheduling;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Scheduling;

namespace Courier.Storage.Tests.Scheduling;

[Collection(AzuriteFixture.Collection)]
public sealed class TableScheduleMonitorTests(AzuriteFixture azurite) : ScheduleMonitorConformance
{
    protected override IScheduleMonitor Monitor { get; } = new TableScheduleMonitor(StorageClients.CreateTables(azurite.ConnectionString, AzuriteFixture.NewTablePrefix()));
}
