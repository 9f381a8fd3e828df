using Courier.TestUtils.Repository;

namespace Courier.Functions.Tests.Support;

/// <summary>The publish fixture's failure path: a failing dotnet command surfaces with its command line and log.</summary>
public sealed class DotnetCliTests
{
    [Fact]
    public async Task RunAsync_FailingCommand_ThrowsWithTheCommandAndItsLog()
    {
        var missing = Path.Combine(Path.GetTempPath(), "courier-" + Guid.NewGuid().ToString("N") + ".csproj");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DotnetCli.RunAsync(RepoRoot.Path, ["build", missing, "-nologo"]));

        Assert.Contains("dotnet build " + missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with", error.Message, StringComparison.Ordinal);
        Assert.Contains("MSB1009", error.Message, StringComparison.Ordinal);
    }
}
