using Courier.Core.Scheduling;
using Courier.Storage;
using Courier.Storage.Scheduling;
using Courier.TestUtils.Azurite;

namespace Courier.Standalone.Tests.Storage.Scheduling;

[Collection(AzuriteFixture.Collection)]
public sealed class TableScheduleMonitorTests(AzuriteFixture azurite) : ScheduleMonitorConformance
{
    protected override IScheduleMonitor Monitor { get; } = new TableScheduleMonitor(StorageClients.CreateTables(azurite.ConnectionString, AzuriteFixture.NewTablePrefix()));
}
