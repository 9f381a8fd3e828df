using Courier.Core.Jobs.PartnerDelivery;
using Courier.Storage.PartnerDelivery;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.PartnerDelivery;

namespace Courier.Storage.Tests.PartnerDelivery;

/// <summary>The shared delivery-ledger conformance suite on <see cref="TableDeliveryLedger"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableDeliveryLedgerConformanceTests(AzuriteFixture azurite) : DeliveryLedgerConformance
{
    protected override IDeliveryLedger CreateLedger(string scope) => new TableDeliveryLedger(TableStores.Tables(azurite, scope));
}
