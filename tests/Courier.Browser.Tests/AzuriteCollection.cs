using Courier.TestUtils.Azurite;

namespace Courier.Browser.Tests;

/// <summary>One Azurite for every test class of this assembly that joins the collection.</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
