using Courier.Core.Credentials;
using Courier.Storage.Credentials;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Credentials;

namespace Courier.Storage.Tests.Credentials;

/// <summary>The shared credential-store conformance suite on <see cref="TableCredentialStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableCredentialStoreConformanceTests(AzuriteFixture azurite) : CredentialStoreConformance
{
    protected override ICredentialStore CreateStore(string scope) => new TableCredentialStore(TableStores.Tables(azurite, scope));
}
