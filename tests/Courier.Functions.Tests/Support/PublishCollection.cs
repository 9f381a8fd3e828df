namespace Courier.Functions.Tests.Support;

/// <summary>The tests that read the published folders: they share one <see cref="PublishFixture"/>, so each publish runs once.</summary>
[CollectionDefinition(Name)]
public sealed class PublishCollection : ICollectionFixture<PublishFixture>
{
    public const string Name = "published app";
}
