using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests.Support;

/// <summary>Every test that needs storage joins this collection, so the assembly starts one Azurite and stops it at the end.</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
