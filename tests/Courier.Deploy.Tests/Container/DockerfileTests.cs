using System.Text.RegularExpressions;
using System.Xml.Linq;
using Courier.Deploy.Tests.Support;
using Courier.Standalone.Hosting;
using Courier.TestUtils.Repository;

namespace Courier.Deploy.Tests.Container;

/// <summary>The Dockerfile publishes Courier.Standalone, and the image listens on the port it exposes, as a non-root user.</summary>
public sealed class DockerfileTests
{
    private const string StandaloneProject = "src/Courier.Standalone/Courier.Standalone.csproj";

    private readonly Dockerfile dockerfile = Dockerfile.Load();

    [Fact]
    public void Build_PublishesCourierStandalone()
    {
        var publish = Assert.Single(dockerfile.Instructions, i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));

        Assert.StartsWith($"dotnet publish {StandaloneProject} -c Release", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains(dockerfile.Instructions, i => i.Keyword == "FROM" && i.Arguments.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", StringComparison.Ordinal));
        Assert.Equal("ENTRYPOINT", dockerfile.FinalStage[^1].Keyword);
        Assert.Equal(@"[""dotnet"", ""Courier.Standalone.dll""]", dockerfile.FinalStage[^1].Arguments);
    }

    [Fact]
    public void Image_ListensOnThePortItExposes()
    {
        var exposed = Assert.Single(dockerfile.FinalStage, i => i.Keyword == "EXPOSE").Arguments;
        var urls = dockerfile.FinalEnvironment["ASPNETCORE_URLS"];

        // Standalone binds 127.0.0.1:7071 unless ASPNETCORE_URLS is set, which no container could reach.
        Assert.StartsWith("http://127.0.0.1:", StandaloneHost.DefaultUrl, StringComparison.Ordinal);
        Assert.Equal("8080", exposed);
        Assert.Equal($"http://+:{exposed}", urls);
        Assert.Equal("", dockerfile.FinalEnvironment["ASPNETCORE_HTTP_PORTS"]);
    }

    [Fact]
    public void Image_RunsAspNet10AsNonRootInProduction()
    {
        var final = dockerfile.FinalStage;

        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", final[0].Arguments, StringComparison.Ordinal);
        var user = Assert.Single(final, i => i.Keyword == "USER").Arguments;
        Assert.DoesNotMatch("^(root|0)(:|$)", user);
        Assert.Equal("Production", dockerfile.FinalEnvironment["AZURE_FUNCTIONS_ENVIRONMENT"]);
        Assert.Equal("", dockerfile.FinalEnvironment[StandaloneHost.LocalSettingsPathSetting]);
    }

    [Fact]
    public void Build_CopiesEveryProjectStandaloneDependsOn_BeforeRestore()
    {
        var copies = dockerfile.Instructions.TakeWhile(i => !(i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal)))
            .Where(i => i.Keyword == "COPY").Select(i => i.Arguments).ToList();

        foreach (var project in ProjectClosure(StandaloneProject))
        {
            Assert.Contains(copies, c => Regex.IsMatch(c, $@"(^|\s){Regex.Escape(project)}\s"));
        }

        Assert.Contains(copies, c => c.Contains("Directory.Packages.props", StringComparison.Ordinal) && c.Contains("global.json", StringComparison.Ordinal));
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            var folder = Path.GetDirectoryName(Path.Combine(RepoRoot.Path, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(RepoRoot.Path, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepoRoot.Path, full).Replace('\\', '/'));
            }
        }

        return [.. seen];
    }
}
