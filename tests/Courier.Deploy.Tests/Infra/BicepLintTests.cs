using System.Text.Json.Nodes;
using Courier.Deploy.Tests.Support;
using Courier.TestUtils.Repository;

namespace Courier.Deploy.Tests.Infra;

/// <summary>
/// <c>bicep build</c> and <c>bicep lint</c> of infra/main.bicep, offline. Policy: any Error fails, and so does any
/// Warning (compiler BCP… or linter rule): the template is kept at zero warnings, so a new one is a decision, not noise.
/// The rules that guard secrets, portability and dead code are also raised to Error in infra/bicepconfig.json, so
/// <c>az deployment</c> and editors refuse them too.
/// </summary>
public sealed class BicepLintTests
{
    /// <summary>The bicepconfig.json rules that must stay at level error.</summary>
    public static TheoryData<string> GuardRules => new()
    {
        "secure-parameter-default",
        "outputs-should-not-contain-secrets",
        "use-secure-value-for-secure-inputs",
        "protect-commandtoexecute-secrets",
        "secure-secrets-in-params",
        "no-hardcoded-env-urls",
        "no-hardcoded-location",
        "no-unused-params",
        "no-unused-vars",
        "no-unnecessary-dependson",
        "use-stable-resource-identifiers",
    };

    [Fact]
    public async Task Build_MainBicep_CompilesWithoutErrorOrWarning()
    {
        var build = await MainTemplate.BuildAsync();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(build.Problems);
        Assert.StartsWith("{", build.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_MainBicep_ReportsNoErrorOrWarning()
    {
        var lint = await BicepCli.RunAsync("lint", MainTemplate.BicepFile);

        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Empty(lint.Problems);
    }

    [Theory]
    [MemberData(nameof(GuardRules))]
    public void BicepConfig_GuardRule_IsAnError(string rule)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "infra", "bicepconfig.json")))!;

        Assert.Equal("error", (string?)config["analyzers"]?["core"]?["rules"]?[rule]?["level"]);
    }

    [Fact]
    public async Task Lint_SecretWithDefaultAndInOutput_FailsWithTheRulesNamed()
    {
        // The same template and config in a scratch folder, plus what the guard rules exist for: proves the linter
        // runs with the repository's config and that these tests would catch it.
        var scratch = Directory.CreateTempSubdirectory("courier-bicep-");
        try
        {
            File.Copy(Path.Combine(RepoRoot.Path, "infra", "bicepconfig.json"), Path.Combine(scratch.FullName, "bicepconfig.json"));
            var bicep = File.ReadAllText(Path.Combine(RepoRoot.Path, MainTemplate.BicepFile)) +
                "\n@secure()\nparam leakedSecret string = 'not-a-real-secret'\noutput leaked string = leakedSecret\n";
            var file = Path.Combine(scratch.FullName, "main.bicep");
            File.WriteAllText(file, bicep);

            var lint = await BicepCli.RunAsync("lint", file);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains(lint.Problems, d => d is { Level: "Error", Code: "secure-parameter-default" });
            Assert.Contains(lint.Problems, d => d is { Level: "Error", Code: "outputs-should-not-contain-secrets" });
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
