using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Courier.TestUtils.Repository;

namespace Courier.Deploy.Tests.Support;

/// <summary>
/// Runs the Bicep CLI: the binary of the Azure.Bicep.CommandLine.linux-x64 package restored with this project (its path
/// is compiled into the assembly); <c>BICEP_PATH</c> names another; on other platforms, ~/.azure/bin or PATH. No network is needed.
/// </summary>
internal static partial class BicepCli
{
    public const string PathVariable = "BICEP_PATH";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> Located = new(Locate);

    public static string Executable => Located.Value;

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> from the repository root.</summary>
    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The CLI is a .NET single-file app: no ICU needed, no telemetry.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Limit}");
        }

        var error = await stderr;
        var output = await stdout;
        return new BicepResult(process.ExitCode, output, error, Parse(output + "\n" + error));
    }

    private static IReadOnlyList<BicepDiagnostic> Parse(string text) =>
        DiagnosticLine().Matches(text)
            .Select(m => new BicepDiagnostic(m.Groups["level"].Value, m.Groups["code"].Value, m.Groups["message"].Value.Trim(), m.Value.Trim()))
            .ToList();

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return RequireExisting(configured, PathVariable);

        var packaged = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPackagedPath").Value;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            // Only linux-x64 is packaged: elsewhere, the CLI that `az bicep install` puts in ~/.azure/bin, else PATH.
            var name = OperatingSystem.IsWindows() ? "bicep.exe" : "bicep";
            var candidates = new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".azure", "bin") }
                .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                .Select(folder => Path.Combine(folder, name));
            return candidates.FirstOrDefault(File.Exists) ?? throw new PlatformNotSupportedException(
                $"The Bicep CLI package restored with the tests is for linux-x64; on {RuntimeInformation.RuntimeIdentifier} run `az bicep install` or set {PathVariable} to a bicep binary.");
        }

        var path = RequireExisting(packaged ?? "", "the Azure.Bicep.CommandLine.linux-x64 package (run dotnet restore)");
        // A package extracted without its mode bits (some NuGet versions) still runs once it is marked executable.
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        return path;
    }

    private static string RequireExisting(string path, string source) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"No bicep binary at '{path}' (from {source}).", path);

    // bicep's default format: <file>(<line>,<column>) : <Level> <code>: <message>
    [GeneratedRegex(@"^.*\(\d+,\d+\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
