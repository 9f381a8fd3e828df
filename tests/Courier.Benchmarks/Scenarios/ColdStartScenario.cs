using System.Diagnostics;
using System.Globalization;
using System.Net;
using Courier.Sandbox;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Repository;

namespace Courier.Benchmarks.Scenarios;

/// <summary>
/// Cold start: <c>src/Courier.Standalone</c> and a minimal empty ASP.NET Core app, both published the same way (Release,
/// framework-dependent, into a temporary folder, once; <c>--quick</c> starts Courier's build output instead), each started several times as a fresh process, alternately: the time
/// from process start until <c>GET /healthz</c> answers 200, and for Courier until its first twin run
/// (<c>POST /api/cron/process-offline-conversions</c>, on tables of its own) returns. Medians.
/// </summary>
public sealed class ColdStartScenario : IBenchmarkScenario
{
    private const string EmptyProject = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <InvariantGlobalization>true</InvariantGlobalization>
          </PropertyGroup>
        </Project>
        """;

    private const string EmptyProgram = """
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.Run();
        """;

    public string Name => "coldstart";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var starts = context.Quick ? 2 : 7;
        var root = Path.Combine(Path.GetTempPath(), "courier-coldstart-" + Guid.NewGuid().ToString("N")[..8]);
        // The empty app never changes: published once per machine and kept.
        var emptyFolder = Path.Combine(Path.GetTempPath(), "courier-coldstart-empty-app-v1");
        await using var sandbox = await SandboxApp.StartAsync();
        var sandboxAddress = SandboxApp.GetBaseAddress(sandbox).ToString().TrimEnd('/');
        try
        {
            var publishing = Stopwatch.StartNew();
            if (!File.Exists(Path.Combine(emptyFolder, "out", "EmptyApp.dll")))
            {
                Directory.CreateDirectory(Path.Combine(emptyFolder, "src"));
                await File.WriteAllTextAsync(Path.Combine(emptyFolder, "src", "EmptyApp.csproj"), EmptyProject, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(emptyFolder, "src", "Program.cs"), EmptyProgram, cancellationToken);
                await PublishAsync(Path.Combine(emptyFolder, "src", "EmptyApp.csproj"), Path.Combine(emptyFolder, "out"), cancellationToken);
            }

            // Quick: Courier as this benchmark's own build left it (it builds src/Courier.Standalone, same configuration), to stay
            // within the test suite's budget; full: published into a temporary folder exactly as the empty app is.
            var courierFolder = context.Quick
                ? Path.Combine(RepoRoot.Path, "src", "Courier.Standalone", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0")
                : Path.Combine(root, "courier");
            if (!context.Quick) await PublishAsync(Path.Combine(RepoRoot.Path, "src", "Courier.Standalone", "Courier.Standalone.csproj"), courierFolder, cancellationToken);
            context.Log.WriteLine(BenchmarkApp.Invariant($"  ready to start in {publishing.Elapsed.TotalSeconds:F1} s (Courier from {courierFolder})"));

            var (empty, courierHealth, courierTwin) = (new List<double>(), new List<double>(), new List<double>());
            for (var i = 0; i < starts; i++)
            {
                empty.Add((await StartAsync(Path.Combine(emptyFolder, "out"), "EmptyApp", new Dictionary<string, string>(), twin: false, cancellationToken)).Health);
                var courierEnvironment = new Dictionary<string, string>
                {
                    ["AzureWebJobsStorage"] = context.ConnectionString,
                    ["Storage__TablePrefix"] = "cold" + Guid.NewGuid().ToString("N")[..8],
                    ["Scheduling__Enabled"] = "false",
                    ["CRON_SECRET"] = TestSecrets.Cron,
                    ["RUN_PENDING_DELIVERIES_SECRET"] = TestSecrets.Deliveries,
                    ["API_SECRET"] = TestSecrets.Api,
                    ["VAULT_KEY"] = TestSecrets.VaultKey,
                    ["GoogleAds__BaseUrl"] = sandboxAddress,
                    ["GoogleAds__TokenUrl"] = sandboxAddress + "/token",
                    ["Telemetry__ConsoleExporter"] = "false",
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["LocalSettingsPath"] = "",
                };
                var (health, twin) = await StartAsync(courierFolder, "Courier.Standalone", courierEnvironment, twin: true, cancellationToken);
                courierHealth.Add(health);
                courierTwin.Add(twin);
                context.Log.WriteLine(BenchmarkApp.Invariant($"  start {i + 1}: empty {empty[^1]:F0} ms, Courier /healthz {health:F0} ms, first twin run {twin:F0} ms"));
            }

            return new Dictionary<string, object>
            {
                ["coldstart_starts"] = starts,
                ["coldstart_ms_empty_aspnet"] = Math.Round(Median(empty)),
                ["coldstart_ms_standalone"] = Math.Round(Median(courierHealth)),
                ["coldstart_ms_standalone_first_twin"] = Math.Round(Median(courierTwin)),
                ["coldstart_ratio_standalone_vs_empty"] = Math.Round(Median(courierHealth) / Median(empty), 2),
            };
        }
        finally
        {
            try
            {
                if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken) =>
        throw new NotSupportedException("every cold start is its own process already");

    private static async Task PublishAsync(string project, string output, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "--self-contained", "false", "-o", output, "-nologo", "-v", "q" }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish {project} exited with {process.ExitCode}: {stdout}{await stderr}");
    }

    /// <summary>Starts the published app, times until /healthz answers 200 and (when asked) until the first twin run returns, then kills it.</summary>
    private static async Task<(double Health, double Twin)> StartAsync(string folder, string name, Dictionary<string, string> environment, bool twin, CancellationToken cancellationToken)
    {
        var port = CourierTestHost.FreePort();
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".exe" : name);
        var info = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(folder, name + ".dll") } };
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = folder;
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} before answering /healthz");
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{name} did not answer /healthz within 60 s");
                try
                {
                    using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(5, cancellationToken);
            }

            var health = clock.Elapsed.TotalMilliseconds;
            if (!twin) return (health, 0);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cron/process-offline-conversions");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestSecrets.Cron);
            using var run = await http.SendAsync(request, cancellationToken);
            if (run.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"first twin run: {(int)run.StatusCode} {await run.Content.ReadAsStringAsync(cancellationToken)}");
            return (health, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
