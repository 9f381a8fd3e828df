using System.Text.Json.Nodes;
using Courier.Functions.Catalog;
using Microsoft.Extensions.Configuration;

namespace Courier.Functions.Tests.Catalog;

public sealed class FunctionMetadataTests
{
    [Fact]
    public void Build_Timer_IsATimerTriggerWithMonitorAndNoStartupRun()
    {
        var json = FunctionMetadata.Build(JobCatalog.TimerOf(JobCatalog.Recovery)!, "0 */30 * * * *", hostKeys: false);
        Assert.Equal(
            """{"bindings":[{"name":"timer","type":"timerTrigger","direction":"in","schedule":"0 */30 * * * *","useMonitor":true,"runOnStartup":false}]}""",
            json.ToJsonString());
    }

    [Fact]
    public void Build_Twin_IsAnAnonymousHttpTriggerWithResOutput()
    {
        var json = FunctionMetadata.Build(JobCatalog.TwinOf(JobCatalog.Social)!, null, hostKeys: false);
        Assert.Equal(
            """{"bindings":[{"type":"httpTrigger","direction":"in","name":"req","authLevel":"anonymous","methods":["post","get"],"route":"api/social-auto-poster/runner"},{"type":"http","direction":"out","name":"res"}]}""",
            json.ToJsonString());
    }

    [Theory]
    [InlineData("recover-processing-http", "function")]
    [InlineData("conversions-enqueue", "function")]
    [InlineData("courier-status", "function")]
    [InlineData("courier-status-page", "anonymous")]
    [InlineData("courier-status-login", "anonymous")]
    [InlineData("courier-healthz", "anonymous")]
    public void Build_HostKeys_GivesFunctionLevelOnlyToSecretRoutes(string name, string level)
    {
        var json = FunctionMetadata.Build(JobCatalog.Find(name)!, null, hostKeys: true);
        Assert.Equal(level, json["bindings"]![0]!["authLevel"]!.GetValue<string>());
    }

    [Fact]
    public void Write_Folder_HasOneFunctionJsonPerEntryAndDropsStaleOnes()
    {
        var dir = Directory.CreateTempSubdirectory("courier-meta-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "old-function"));
            File.WriteAllText(Path.Combine(dir, "old-function", "function.json"), "{}");
            Directory.CreateDirectory(Path.Combine(dir, "runtimes"));
            File.WriteAllText(Path.Combine(dir, "runtimes", "keep.txt"), "x");
            var settings = new FunctionSettings(new ConfigurationBuilder().AddInMemoryCollection([new("Schedules:sync-write-back", "0 0 * * * *")]).Build());

            FunctionMetadata.Write(dir, settings, hostKeys: false);

            var folders = Directory.GetDirectories(dir).Select(Path.GetFileName).Where(n => n != "runtimes").Order(StringComparer.Ordinal);
            Assert.Equal(JobCatalog.Entries.Select(e => e.Name).Order(StringComparer.Ordinal), folders);
            Assert.True(File.Exists(Path.Combine(dir, "runtimes", "keep.txt")));
            var writeBack = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "sync-write-back", "function.json")))!;
            Assert.Equal("0 0 * * * *", writeBack["bindings"]![0]!["schedule"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
