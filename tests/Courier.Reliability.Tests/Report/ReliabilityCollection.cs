using Courier.TestUtils.Azurite;

namespace Courier.Reliability.Tests.Report;

/// <summary>
/// Every reliability test class is in this collection: they run one after another (each starts processes and Azurite
/// state of its own), and share one <see cref="ReliabilityReport"/> that writes the table when the last one ends, and one Azurite.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityReport>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "reliability";
}
