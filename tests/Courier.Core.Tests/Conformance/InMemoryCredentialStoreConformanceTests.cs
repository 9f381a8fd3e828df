using Courier.Core.Credentials;
using Courier.TestUtils.Conformance.Credentials;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared conformance suite on <see cref="InMemoryCredentialStore"/>, so Core tests can trust the fake.</summary>
public sealed class InMemoryCredentialStoreConformanceTests : CredentialStoreConformance
{
    private readonly Dictionary<string, InMemoryCredentialStore> _stores = new(StringComparer.Ordinal);

    protected override ICredentialStore CreateStore(string scope)
    {
        lock (_stores)
        {
            if (!_stores.TryGetValue(scope, out var store)) _stores[scope] = store = new InMemoryCredentialStore();
            return store;
        }
    }
}
