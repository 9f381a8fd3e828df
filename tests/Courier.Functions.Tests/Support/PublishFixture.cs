using Courier.TestUtils.Repository;

namespace Courier.Functions.Tests.Support;

/// <summary>
/// Publishes src/Courier.Functions once per test run, twice: as shipped, and with the function-key option
/// (<c>-p:CourierTwinAuth=function</c>). The option changes what Courier.Functions compiles to, so that publish builds the
/// project into folders of its own (see Publishing/IsolatedOutput.targets): src/Courier.Functions/bin and obj, which the
/// other test projects and the default publish use, are left as they were.
/// </summary>
public sealed class PublishFixture : IAsyncLifetime
{
    private const string Project = "src/Courier.Functions/Courier.Functions.csproj";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "courier-functions-tests-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The build configuration these tests were built in (Release in scripts/test.sh): the publishes use it too.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public PublishedApp Default { get; private set; } = null!;

    public PublishedApp FunctionKeys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // One after the other: both builds walk the same referenced projects.
        Default = await PublishAsync("default", []);

        // Intermediate files stay under this test project's obj (ignored by git and by its own globs) so a second run
        // compiles only what changed; the published folder itself is new each run.
        var isolated = Path.Combine(RepoRoot.Path, "tests", "Courier.Functions.Tests", "obj", "function-keys", Configuration);
        var hook = Path.Combine(RepoRoot.Path, "tests", "Courier.Functions.Tests", "Publishing", "IsolatedOutput.targets");
        FunctionKeys = await PublishAsync("function-keys",
        [
            "-p:CourierTwinAuth=function",
            "-p:CourierIsolatedRoot=" + isolated,
            "-p:CustomBeforeMicrosoftCommonTargets=" + hook,
        ]);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<PublishedApp> PublishAsync(string name, IReadOnlyList<string> options)
    {
        var output = Path.Combine(_root, name);

        // --no-restore: building this test project restored Courier.Functions; a restore here would rewrite its shared
        // obj files. --disable-build-servers: no MSBuild node or compiler server outlives the publish holding its output pipes.
        await DotnetCli.RunAsync(RepoRoot.Path,
        [
            "publish", Project, "-c", Configuration, "-o", output,
            "--no-restore", "--disable-build-servers", "-nologo", "-v", "minimal",
            .. options,
        ]);
        return new PublishedApp(output);
    }
}
