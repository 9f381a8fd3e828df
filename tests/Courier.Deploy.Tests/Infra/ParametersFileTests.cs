using System.Text.Json.Nodes;
using Courier.Deploy.Tests.Support;
using Courier.TestUtils.Repository;

namespace Courier.Deploy.Tests.Infra;

/// <summary>infra/main.parameters.json: only parameters the template has, and never a secret (the pipeline passes those).</summary>
public sealed class ParametersFileTests
{
    [Fact]
    public async Task ParametersFile_NamesOnlyTemplateParameters_AndNoSecureOne()
    {
        var template = await MainTemplate.GetAsync();
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "infra", "main.parameters.json")))!;

        var names = file["parameters"]!.AsObject().Select(p => p.Key).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(template.Parameters.ContainsKey(n), $"main.parameters.json names '{n}', which main.bicep does not have"));
        Assert.Empty(names.Intersect(template.SecureParameters, StringComparer.Ordinal));
    }
}
