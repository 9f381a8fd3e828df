using Courier.Core.Metrics;
using Courier.Storage.Metrics;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Metrics;

namespace Courier.Storage.Tests.Metrics;

/// <summary>The shared metrics conformance suite on <see cref="TableProviderMetricsStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableProviderMetricsStoreConformanceTests(AzuriteFixture azurite) : ProviderMetricsStoreConformance
{
    protected override IProviderMetricsStore CreateStore(string scope) => new TableProviderMetricsStore(TableStores.Tables(azurite, scope));
}
