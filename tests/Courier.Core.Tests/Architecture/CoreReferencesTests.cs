using System.Xml.Linq;
using Courier.Core.Queue;
using Courier.Core.Tests.Support;

namespace Courier.Core.Tests.Architecture;

/// <summary>Spec §1 and style rule 6: Core references no Azure, HTTP-client or ASP.NET package.</summary>
public sealed class CoreReferencesTests
{
    private static readonly string[] ForbiddenPackagePrefixes =
        ["Azure.", "Microsoft.Azure.", "Microsoft.AspNetCore", "Microsoft.Extensions.Http", "Google.", "Polly", "System.Net.Http."];

    private static readonly string[] ForbiddenAssemblyPrefixes = ["Azure.", "Microsoft.Azure.", "Microsoft.AspNetCore.", "Google.", "Polly"];

    private static readonly string[] ForbiddenAssemblies = ["System.Net.Http", "Microsoft.AspNetCore", "Microsoft.Extensions.Http"];

    internal static IReadOnlyList<string> ForbiddenProjectReferences(XDocument project) =>
        project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference")
            .Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update") ?? string.Empty)
            .Where(IsForbiddenPackage)
            .ToList();

    internal static bool IsForbiddenPackage(string name) =>
        name.Equals("System.Net.Http", StringComparison.OrdinalIgnoreCase)
        || ForbiddenPackagePrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    internal static bool IsForbiddenAssembly(string name) =>
        ForbiddenAssemblies.Any(a => name.Equals(a, StringComparison.OrdinalIgnoreCase))
        || ForbiddenAssemblyPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void ProjectFile_CoreCsproj_ReferencesNoAzureHttpOrAspNetPackage()
    {
        var project = XDocument.Load(RepositoryPaths.Source("Courier.Core", "Courier.Core.csproj"));

        Assert.Empty(ForbiddenProjectReferences(project));
    }

    [Fact]
    public void ReferencedAssemblies_CoreAssembly_NoAzureHttpOrAspNetAssembly()
    {
        var referenced = typeof(WorkQueue).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(referenced);
        Assert.DoesNotContain(referenced, IsForbiddenAssembly);
    }

    [Theory]
    [InlineData("""<Project><ItemGroup><PackageReference Include="Azure.Data.Tables" /></ItemGroup></Project>""", "Azure.Data.Tables")]
    [InlineData("""<Project><ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup></Project>""", "Microsoft.AspNetCore.App")]
    [InlineData("""<Project><ItemGroup><PackageReference Include="Microsoft.Extensions.Http.Resilience" /></ItemGroup></Project>""", "Microsoft.Extensions.Http.Resilience")]
    [InlineData("""<Project><ItemGroup><PackageReference Include="Polly.Core" /></ItemGroup></Project>""", "Polly.Core")]
    [InlineData("""<Project><ItemGroup><PackageReference Include="Google.Apis.Auth" /></ItemGroup></Project>""", "Google.Apis.Auth")]
    [InlineData("""<Project><ItemGroup><PackageReference Include="System.Net.Http.Json" /></ItemGroup></Project>""", "System.Net.Http.Json")]
    public void ForbiddenProjectReferences_ForbiddenPackage_Reported(string xml, string expected)
    {
        Assert.Equal([expected], ForbiddenProjectReferences(XDocument.Parse(xml)));
    }

    [Fact]
    public void ForbiddenProjectReferences_AllowedPackages_NotReported()
    {
        var xml = """<Project><ItemGroup><PackageReference Include="Microsoft.Extensions.Options" /><PackageReference Include="Microsoft.Extensions.Logging.Abstractions" /></ItemGroup></Project>""";

        Assert.Empty(ForbiddenProjectReferences(XDocument.Parse(xml)));
    }

    [Theory]
    [InlineData("Azure.Core", true)]
    [InlineData("System.Net.Http", true)]
    [InlineData("Microsoft.AspNetCore.Http.Abstractions", true)]
    [InlineData("Polly.Core", true)]
    [InlineData("Google.Apis", true)]
    [InlineData("System.Runtime", false)]
    [InlineData("System.Net.Primitives", false)]
    [InlineData("Microsoft.Extensions.Options", false)]
    public void IsForbiddenAssembly_Name_Classified(string name, bool forbidden)
    {
        Assert.Equal(forbidden, IsForbiddenAssembly(name));
    }
}
