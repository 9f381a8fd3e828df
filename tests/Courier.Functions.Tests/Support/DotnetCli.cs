using System.Diagnostics;
using System.Text;

namespace Courier.Functions.Tests.Support;

/// <summary>Runs the dotnet CLI from a test: a clean environment, a bounded time, and the whole log in the failure message.</summary>
internal static class DotnetCli
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; throws with the log unless it exits 0.</summary>
    public static async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // The test host runs under MSBuild and vstest: their variables (MSBuildExtensionsPath, MSBUILD_EXE_PATH,
        // MSBuildSDKsPath, VSTEST_*) would steer the child build into the parent's SDK and logger set-up.
        foreach (var key in start.Environment.Keys.Where(IsLeakedVariable).ToList()) start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var command = "dotnet " + string.Join(' ', arguments);
        var log = new StringBuilder();
        void Capture(string? line)
        {
            if (line is null) return;
            lock (log) log.AppendLine(line);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        if (!process.Start()) throw new InvalidOperationException("could not start " + command);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{command} did not finish within {Timeout}; killed. Log:\n{Text(log)}");
        }

        var output = Text(log);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{command} exited with {process.ExitCode}. Log:\n{output}");
    }

    private static bool IsLeakedVariable(string name) =>
        name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase);

    /// <summary>The dotnet that runs the tests when the CLI says so (DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetExecutable() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Text(StringBuilder log)
    {
        lock (log) return log.ToString();
    }
}
