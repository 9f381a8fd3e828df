using Courier.Functions.Tests.Support;

namespace Courier.Functions.Tests.Publishing;

/// <summary>What else the host needs in the published folder: the worker assembly and the extensions the worker brings.</summary>
[Collection(PublishCollection.Name)]
public sealed class PublishFolderTests(PublishFixture publish)
{
    [Fact]
    public void Publish_Default_HoldsTheWorkerAssembly()
    {
        Assert.True(File.Exists(publish.Default.PathOf("Courier.Functions.dll")), "Courier.Functions.dll is missing from " + publish.Default.Folder);
    }

    [Fact]
    public void Publish_Default_HoldsTheWorkerExtensionsFolder()
    {
        var extensions = publish.Default.PathOf(".azurefunctions");

        Assert.True(Directory.Exists(extensions), ".azurefunctions is missing from " + publish.Default.Folder);
        Assert.True(File.Exists(Path.Combine(extensions, "function.deps.json")), ".azurefunctions has no function.deps.json");
        Assert.True(File.Exists(Path.Combine(extensions, "Microsoft.Azure.Functions.Worker.Extensions.dll")), ".azurefunctions has no Microsoft.Azure.Functions.Worker.Extensions.dll");
    }

    [Fact]
    public void Publish_ExtensionsJson_EveryExtensionIsAtItsHintPath()
    {
        using var json = publish.Default.ReadJson("extensions.json");
        var extensions = json.RootElement.GetProperty("extensions").EnumerateArray().ToList();

        // The worker indexes its own functions: the host loads them through the metadata loader listed here.
        Assert.Contains(extensions, e => e.GetProperty("typeName").GetString()!.StartsWith("Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.", StringComparison.Ordinal));
        Assert.All(extensions, e =>
        {
            var hint = e.GetProperty("hintPath").GetString()!;
            Assert.True(File.Exists(publish.Default.PathOf(hint)), $"extension {e.GetProperty("name").GetString()}: {hint} is missing");
        });
    }
}
