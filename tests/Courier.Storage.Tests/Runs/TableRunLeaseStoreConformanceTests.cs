using Courier.Core.Runs;
using Courier.Storage.Runs;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Runs;

namespace Courier.Storage.Tests.Runs;

/// <summary>The shared run-lease conformance suite on <see cref="TableRunLeaseStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableRunLeaseStoreConformanceTests(AzuriteFixture azurite) : RunLeaseStoreConformance
{
    protected override IRunLeaseStore CreateStore(string scope) => new TableRunLeaseStore(TableStores.Tables(azurite, scope));
}
