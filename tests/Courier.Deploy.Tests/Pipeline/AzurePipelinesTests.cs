using System.Text.RegularExpressions;
using Courier.Deploy.Tests.Support;
using Courier.TestUtils.Repository;

namespace Courier.Deploy.Tests.Pipeline;

/// <summary>azure-pipelines.yml runs the README's test command, publishes the Functions app, and deploys infra/main.bicep to Flex.</summary>
public sealed class AzurePipelinesTests
{
    private const string TestCommand = "./scripts/test.sh";

    private readonly PipelineDefinition pipeline = PipelineDefinition.Load();

    [Fact]
    public void TestStep_RunsExactlyTheReadmeCommand()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        Assert.Contains(TestCommand, readme, StringComparison.Ordinal);

        var step = Assert.Single(pipeline.Steps, s => s.Script?.Contains("test", StringComparison.OrdinalIgnoreCase) == true);

        Assert.Equal(TestCommand, step.Script);
        Assert.DoesNotContain(pipeline.Steps, s => s.Script?.Contains("dotnet test", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void TestStep_JobInstallsNodeAndDotnetFirst()
    {
        var steps = pipeline.Steps;
        var test = steps.Single(s => s.Script == TestCommand);
        var before = steps.TakeWhile(s => !ReferenceEquals(s, test)).Where(s => s.Stage == test.Stage && s.Job == test.Job).ToList();

        Assert.Contains(before, s => s.Task == "NodeTool@0" && s.Input("versionSpec") is not null);
        Assert.Contains(before, s => s.Task == "UseDotNet@2" && s.Input("useGlobalJson") == "true");
    }

    [Fact]
    public void PublishStep_PublishesCourierFunctions_AsAZipArtifact()
    {
        var steps = pipeline.Steps;
        var publish = Assert.Single(steps, s => s.Script?.StartsWith("dotnet publish", StringComparison.Ordinal) == true);
        var match = Regex.Match(publish.Script!, @"^dotnet publish (?<project>\S+) -c \S+ -o (?<output>\S+)$");
        Assert.True(match.Success, publish.Script);
        Assert.Equal("src/Courier.Functions", match.Groups["project"].Value);
        Assert.True(Directory.Exists(Path.Combine(RepoRoot.Path, "src", "Courier.Functions")));

        var archive = Assert.Single(steps, s => s.Task == "ArchiveFiles@2");
        Assert.Equal(match.Groups["output"].Value, archive.Input("rootFolderOrFile"));
        Assert.Equal("zip", archive.Input("archiveType"));
        Assert.Equal("false", archive.Input("includeRootFolder"));

        var artifact = Assert.Single(steps, s => s.Task == "PublishPipelineArtifact@1" && s.Input("targetPath") == archive.Input("archiveFile"));
        Assert.Equal("functions", artifact.Input("artifact"));
    }

    [Fact]
    public void DeployInfra_CreatesTheDeploymentFromInfraMainBicep()
    {
        var steps = pipeline.Steps;
        var cli = Assert.Single(steps, s => s.Task == "AzureCLI@2");
        var script = cli.Input("inlineScript")!;

        Assert.Contains("az deployment group create", script, StringComparison.Ordinal);
        Assert.Matches(@"--template-file ""\$\(Pipeline\.Workspace\)/infra/main\.bicep""", script);
        Assert.Matches(@"--parameters ""@\$\(Pipeline\.Workspace\)/infra/main\.parameters\.json""", script);
        Assert.Equal("$(azureServiceConnection)", cli.Input("azureSubscription"));
        // The infra folder travels as an artifact and is downloaded in the deployment job.
        Assert.Contains(steps, s => s.Task == "PublishPipelineArtifact@1" && s.Input("targetPath") == "infra" && s.Input("artifact") == "infra");
        Assert.Contains(steps, s => PipelineDefinition.Scalar(s.Node, "download") == "current" && PipelineDefinition.Scalar(s.Node, "artifact") == "infra" && s.Job == cli.Job);
    }

    [Fact]
    public async Task DeployInfra_PassesEverySecureParameterFromTheEnvironment()
    {
        var template = await MainTemplate.GetAsync();
        var cli = pipeline.Steps.Single(s => s.Task == "AzureCLI@2");
        var script = cli.Input("inlineScript")!;

        foreach (var parameter in template.SecureParameters)
        {
            // name="$VARIABLE" or name="$local": a shell variable, never a macro ($(X)) that would put the value on the command line.
            var passed = Regex.Match(script, $@"\b{parameter}=""\$(?<variable>\w+)""");
            Assert.True(passed.Success, $"the deployment does not pass {parameter} from a shell variable");
        }

        foreach (var variable in new[] { "CRON_SECRET", "RUN_PENDING_DELIVERIES_SECRET", "API_SECRET", "VAULT_KEY", "VAULT_PREVIOUS_KEYS" })
        {
            Assert.Equal($"$({variable})", cli.Env(variable));
        }
    }

    [Fact]
    public void DeployInfra_DeploysNoCodeUntilEveryKeyVaultReferenceResolves()
    {
        var steps = pipeline.Steps.ToList();
        var cli = steps.Single(s => s.Task == "AzureCLI@2");
        var script = cli.Input("inlineScript")!;

        // An unresolved reference leaves its literal text as the setting's value: a secret anyone could guess.
        Assert.Contains("/config/configreferences/appsettings", script, StringComparison.Ordinal);
        Assert.Contains("properties.status!='Resolved'", script, StringComparison.Ordinal);
        Assert.Contains("exit 1", script[script.IndexOf("configreferences", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.True(steps.IndexOf(cli) < steps.FindIndex(s => s.Task == "AzureFunctionApp@2"));
    }

    [Fact]
    public void DeployApp_UsesTheFlexConsumptionDeployment()
    {
        var steps = pipeline.Steps;
        var deploy = Assert.Single(steps, s => s.Task == "AzureFunctionApp@2");
        var archive = steps.Single(s => s.Task == "ArchiveFiles@2");

        Assert.Equal("true", deploy.Input("isFlexConsumption"));
        Assert.Equal("functionAppLinux", deploy.Input("appType"));
        Assert.Equal("$(azureServiceConnection)", deploy.Input("connectedServiceNameARM"));
        Assert.Equal("$(Pipeline.Workspace)/functions/" + Path.GetFileName(archive.Input("archiveFile")), deploy.Input("package"));
        Assert.Equal(deploy.Job, steps.Single(s => s.Task == "AzureCLI@2").Job);
    }

    [Fact]
    public void ContainerStage_BuildsTheRepositoryDockerfile()
    {
        var docker = Assert.Single(pipeline.Steps, s => s.Task == "Docker@2");

        Assert.Equal("buildAndPush", docker.Input("command"));
        Assert.True(File.Exists(Path.Combine(RepoRoot.Path, docker.Input("Dockerfile")!)));
        Assert.Equal(".", docker.Input("buildContext"));
        Assert.Equal("$(containerRegistryConnection)", docker.Input("containerRegistry"));
    }

    [Fact]
    public void ContainerAndDeployStages_RunOnlyForMain()
    {
        foreach (var name in new[] { "Container", "Deploy" })
        {
            var stage = pipeline.Stages.Single(s => PipelineDefinition.Scalar(s, "stage") == name);
            Assert.Equal("and(succeeded(), eq(variables['isMain'], 'True'))", PipelineDefinition.Scalar(stage, "condition"));
        }

        Assert.Contains("refs/heads/main", pipeline.Variables["isMain"], StringComparison.Ordinal);
        Assert.Contains("ne(variables['Build.Reason'], 'PullRequest')", pipeline.Variables["isMain"], StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_AreDocumentedInOperationsGuide()
    {
        var operations = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "operations.md"));

        foreach (var (name, value) in pipeline.Variables.Where(v => !v.Key.StartsWith("DOTNET_", StringComparison.Ordinal)))
        {
            Assert.True(operations.Contains($"`{name}`", StringComparison.Ordinal), $"docs/operations.md does not document the pipeline variable {name}");
        }

        foreach (var name in new[] { "courier-azure", "courier-acr", "courier-production" })
        {
            Assert.Contains(name, operations, StringComparison.Ordinal);
        }
    }
}
