using Courier.Functions.Tests.Support;

namespace Courier.Functions.Tests.Publishing;

/// <summary>What else the host needs in the published folder: the worker assembly and the extensions the worker brings.</summary>
[Collection(PublishCollection.Name)]
public sealed class PublishFolderTests(PublishFixture publish)
{
    /// <summary>
    /// Flex Consumption runs the zip of this folder as is (the pipeline archives it with the folder's contents at the root):
    /// host.json, worker.config.json and functions.metadata must sit together at the root, the worker the config names
    /// beside them, and nothing of a developer's machine (local.settings.json) may ride along.
    /// </summary>
    [Fact]
    public void Publish_Default_IsAFlexDeploymentRoot()
    {
        foreach (var file in new[] { "host.json", "worker.config.json", "functions.metadata" })
            Assert.True(File.Exists(publish.Default.PathOf(file)), $"{file} is not at the root of {publish.Default.Folder}");
        using var config = publish.Default.ReadJson("worker.config.json");
        var worker = config.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString()!;
        Assert.True(File.Exists(publish.Default.PathOf(worker)), $"worker.config.json names {worker}, which is not in the folder");
        Assert.False(File.Exists(publish.Default.PathOf("local.settings.json")), "local.settings.json must not be published");
        using var host = publish.Default.ReadJson("host.json");
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
    }

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
