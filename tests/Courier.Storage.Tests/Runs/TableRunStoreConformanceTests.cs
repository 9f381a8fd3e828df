using Courier.Core.Runs;
using Courier.Storage.Runs;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Runs;

namespace Courier.Storage.Tests.Runs;

/// <summary>The shared run-store conformance suite on <see cref="TableRunStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableRunStoreConformanceTests(AzuriteFixture azurite) : RunStoreConformance
{
    protected override IRunStore CreateStore(string scope) => new TableRunStore(TableStores.Tables(azurite, scope));
}
