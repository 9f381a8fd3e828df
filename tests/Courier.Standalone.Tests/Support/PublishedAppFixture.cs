using System.Diagnostics;
using System.Globalization;
using Courier.TestUtils.Azurite;

namespace Courier.Standalone.Tests.Support;

/// <summary>
/// Publishes Courier.Functions once (Release, to a temp folder, as the pipeline does), then starts the published
/// executable the way the Functions host does: FUNCTIONS_CUSTOMHANDLER_PORT set, storage on Azurite. Waits for
/// <c>GET /</c>, and kills the process by id at the end. The publish runs once per test run (<see cref="PublishOnceAsync"/>),
/// shared by every fixture and test that starts the published executable.
/// </summary>
public sealed class PublishedAppFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<string>> s_published = new(PublishAsync);
    private readonly AzuriteFixture _azurite = new();
    private Process? _process;

    /// <summary>The published folder; valid after initialization.</summary>
    public string Folder { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Folder = await PublishOnceAsync();
        var port = CourierTestHost.FreePort();
        var start = new ProcessStartInfo(Path.Combine(Folder, OperatingSystem.IsWindows() ? "Courier.Hosting.exe" : "Courier.Functions"))
        {
            WorkingDirectory = Folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        start.Environment["AzureWebJobsStorage"] = _azurite.ConnectionString;
        start.Environment["Storage__TablePrefix"] = AzuriteFixture.NewTablePrefix();
        start.Environment["CRON_SECRET"] = TestSecrets.Cron;
        start.Environment["RUN_PENDING_DELIVERIES_SECRET"] = TestSecrets.Deliveries;
        start.Environment["API_SECRET"] = TestSecrets.Api;
        start.Environment["VAULT_KEY"] = TestSecrets.VaultKey;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["LocalSettingsPath"] = "";
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the published executable");
        _process.OutputDataReceived += (_, e) => Output += e.Data + "\n";
        _process.ErrorDataReceived += (_, e) => Output += e.Data + "\n";
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        // Bounded polling for the process to come up, as the Functions host polls GET /.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("the published executable exited:\n" + Output);
            try
            {
                using var ready = await Client.GetAsync("/");
                if (ready.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the published executable did not answer GET / within 30 s:\n" + Output);
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        await _azurite.DisposeAsync();
    }

    /// <summary>
    /// Publishes Courier.Functions (Release) to a temp folder the first time it is called and returns that folder; later
    /// calls, from any test class, share the same publish. The folder is deleted when the test process exits.
    /// </summary>
    public static Task<string> PublishOnceAsync() => s_published.Value;

    private static async Task<string> PublishAsync()
    {
        var folder = Directory.CreateTempSubdirectory("courier-publish-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
        var project = Path.Combine(RepoRoot.Path, "src", "Courier.Functions", "Courier.Hosting.csproj");
        string log = "";
        // Other builds of the same tree may hold files for a moment: try again once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoRoot.Path,
            };
            foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", folder, "--nologo" }) info.ArgumentList.Add(arg);
            // The test run's MSBuild variables must not leak into a fresh build.
            foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
                info.Environment.Remove(key);

            using var publish = Process.Start(info)!;
            var stdout = publish.StandardOutput.ReadToEndAsync();
            var stderr = publish.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await publish.WaitForExitAsync(timeout.Token);
            log = await stdout + await stderr;
            if (publish.ExitCode == 0) return folder;
        }

        throw new InvalidOperationException("dotnet publish failed:\n" + log);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
