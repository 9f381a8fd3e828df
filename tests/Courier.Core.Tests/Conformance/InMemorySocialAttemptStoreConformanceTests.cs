using Courier.Core.Jobs.Social;
using Courier.TestUtils.Conformance.Social;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared conformance suite on <see cref="InMemorySocialAttemptStore"/>, so Core tests can trust the fake.</summary>
public sealed class InMemorySocialAttemptStoreConformanceTests : SocialAttemptStoreConformance
{
    protected override ISocialAttemptStore CreateStore() => new InMemorySocialAttemptStore();
}
