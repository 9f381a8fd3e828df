using System.Text.Json;
using Courier.Functions.Tests.Support;
using Courier.TestUtils.Repository;

namespace Courier.Functions.Tests.Publishing;

/// <summary>The host.json the Functions host reads from the published folder: the repository root's file, as spec §1–§2 set it.</summary>
[Collection(PublishCollection.Name)]
public sealed class HostJsonTests(PublishFixture publish)
{
    [Fact]
    public void HostJson_Published_IsTheRepositoryRootFileByteForByte()
    {
        var published = File.ReadAllBytes(publish.Default.PathOf("host.json"));
        var root = File.ReadAllBytes(Path.Combine(RepoRoot.Path, "host.json"));

        Assert.Equal(root, published);
    }

    [Fact]
    public void HostJson_Published_IsVersion2WithAnEmptyRoutePrefix()
    {
        using var host = publish.Default.ReadJson("host.json");

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        // Without routePrefix "" the host serves the route "api/x" at /api/api/x.
        var routePrefix = host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix");
        Assert.Equal(JsonValueKind.String, routePrefix.ValueKind);
        Assert.Equal("", routePrefix.GetString());
    }

    [Fact]
    public void HostJson_Published_SetsAFunctionTimeout()
    {
        using var host = publish.Default.ReadJson("host.json");

        Assert.True(host.RootElement.TryGetProperty("functionTimeout", out var timeout), "host.json has no functionTimeout");
        Assert.True(TimeSpan.TryParse(timeout.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero,
            $"functionTimeout is not a positive time span: {timeout.GetRawText()}");
    }

    [Fact]
    public void HostJson_Published_HasNoCustomHandlerOrExtensionBundle()
    {
        using var host = publish.Default.ReadJson("host.json");

        // An isolated worker is not a custom handler; and a bundle makes the host download its index at start-up, so an
        // offline host never reaches Running (reference/functions.md §0).
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _), "host.json still configures a custom handler");
        Assert.False(host.RootElement.TryGetProperty("extensionBundle", out _), "host.json configures an extension bundle");
    }
}
