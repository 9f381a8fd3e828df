using Courier.Core.Circuits;
using Courier.Storage.Circuits;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Circuits;

namespace Courier.Storage.Tests.Circuits;

/// <summary>The shared circuit-store conformance suite on <see cref="TableCircuitStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableCircuitStoreConformanceTests(AzuriteFixture azurite) : CircuitStoreConformance
{
    protected override ICircuitStore CreateStore(string scope) => new TableCircuitStore(TableStores.Tables(azurite, scope));
}
