using Courier.Functions.Tests.Support;

namespace Courier.Functions.Tests.Publishing;

/// <summary>The functions.metadata the Worker SDK generates, as published by default, against the catalog (spec §2.1).</summary>
[Collection(PublishCollection.Name)]
public sealed class FunctionsMetadataTests(PublishFixture publish)
{
    public static TheoryData<string> Timers => MetadataAssert.TimerNames;

    public static TheoryData<string> HttpFunctions => MetadataAssert.HttpNames;

    [Fact]
    public void Metadata_Default_ListsExactlyTheCatalogFunctions() => MetadataAssert.SameFunctionsAsCatalog(publish.Default);

    [Theory]
    [MemberData(nameof(Timers))]
    public void Metadata_Timer_ReadsItsScheduleSettingWithTheMonitor(string name) => MetadataAssert.Timer(publish.Default, name);

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Metadata_HttpFunction_HasTheCatalogRouteAndMethodsAnonymously(string name) => MetadataAssert.Http(publish.Default, name, "anonymous");
}
