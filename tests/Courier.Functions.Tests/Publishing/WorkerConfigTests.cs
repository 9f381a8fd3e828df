using Courier.Functions.Tests.Support;

namespace Courier.Functions.Tests.Publishing;

/// <summary>worker.config.json, which tells the Functions host how to start the worker.</summary>
[Collection(PublishCollection.Name)]
public sealed class WorkerConfigTests(PublishFixture publish)
{
    [Fact]
    public void WorkerConfig_Published_StartsCourierFunctionsDllAsDotnetIsolated()
    {
        using var config = publish.Default.ReadJson("worker.config.json");
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("Courier.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
    }
}
