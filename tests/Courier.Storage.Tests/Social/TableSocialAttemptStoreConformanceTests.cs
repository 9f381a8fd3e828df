using Courier.Core.Jobs.Social;
using Courier.Storage.Social;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Social;

namespace Courier.Storage.Tests.Social;

/// <summary>The shared social-attempts conformance suite on <see cref="TableSocialAttemptStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableSocialAttemptStoreConformanceTests(AzuriteFixture azurite) : SocialAttemptStoreConformance
{
    protected override ISocialAttemptStore CreateStore() => new TableSocialAttemptStore(TableStores.Tables(azurite, "t" + Guid.NewGuid().ToString("N")[..10]));
}
