using System.Reflection;
using Courier.Functions.Functions;
using Courier.Functions.Tests.Support;
using Courier.Hosting.Catalog;
using Courier.TestUtils.Repository;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Tests.Publishing;

/// <summary>The function-key publish option (<c>-p:CourierTwinAuth=function</c>, spec §2.2): the twins only become <c>function</c> level.</summary>
[Collection(PublishCollection.Name)]
public sealed class FunctionKeyPublishTests(PublishFixture publish)
{
    public static TheoryData<string> Timers => MetadataAssert.TimerNames;

    public static TheoryData<string> HttpFunctions => MetadataAssert.HttpNames;

    [Fact]
    public void Metadata_FunctionKeyOption_ListsExactlyTheCatalogFunctions() => MetadataAssert.SameFunctionsAsCatalog(publish.FunctionKeys);

    [Theory]
    [MemberData(nameof(Timers))]
    public void Metadata_FunctionKeyOptionTimer_IsUnchanged(string name) => MetadataAssert.Timer(publish.FunctionKeys, name);

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Metadata_FunctionKeyOption_OnlyTwinsAreFunctionLevel(string name)
    {
        var entry = JobCatalog.Find(name)!;

        MetadataAssert.Http(publish.FunctionKeys, name, entry.HostKeyEligible ? "function" : "anonymous");
    }

    [Fact]
    public void Publish_FunctionKeyOption_LeavesTheNormalBuildAnonymous()
    {
        // The option's publish builds into folders of its own: the normal build output keeps anonymous twins...
        var built = Path.Combine(RepoRoot.Path, "src", "Courier.Functions", "bin", PublishFixture.Configuration, "net10.0", "functions.metadata");
        var twins = PublishedFunction.ReadAll(built).Where(f => JobCatalog.Find(f.Name)?.HostKeyEligible == true).ToList();
        Assert.Equal(JobCatalog.Twins.Count(), twins.Count);
        Assert.All(twins, t => Assert.Equal("anonymous", t.Trigger("httpTrigger").GetProperty("authLevel").GetString(), ignoreCase: true));

        // ...and so does the assembly these tests load.
        var parameter = typeof(ConversionsFunctions).GetMethod(nameof(ConversionsFunctions.Twin))!.GetParameters()[0];
        Assert.Equal(AuthorizationLevel.Anonymous, parameter.GetCustomAttribute<HttpTriggerAttribute>()!.AuthLevel);
    }
}
