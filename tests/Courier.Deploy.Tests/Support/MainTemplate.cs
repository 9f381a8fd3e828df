using System.Text.Json.Nodes;

namespace Courier.Deploy.Tests.Support;

/// <summary><c>infra/main.bicep</c> compiled once per test run by <c>bicep build --stdout</c>: the ARM JSON Azure receives.</summary>
internal static class MainTemplate
{
    public const string BicepFile = "infra/main.bicep";

    private static readonly Lazy<Task<(BicepResult Build, ArmTemplate? Template)>> Compiled = new(CompileAsync);

    public static async Task<BicepResult> BuildAsync() => (await Compiled.Value).Build;

    /// <summary>The compiled template; fails the calling test (with the build's diagnostics) when the build failed.</summary>
    public static async Task<ArmTemplate> GetAsync()
    {
        var (build, template) = await Compiled.Value;
        Assert.True(template is not null, "bicep build failed: " + build);
        return template!;
    }

    private static async Task<(BicepResult, ArmTemplate?)> CompileAsync()
    {
        var build = await BicepCli.RunAsync("build", BicepFile, "--stdout");
        if (build.ExitCode != 0) return (build, null);
        return (build, new ArmTemplate(JsonNode.Parse(build.StandardOutput)!.AsObject()));
    }
}
