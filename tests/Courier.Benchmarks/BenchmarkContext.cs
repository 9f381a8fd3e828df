using System.Diagnostics;
using System.Text.Json;

namespace Courier.Benchmarks;

/// <summary>What a scenario runs with: the storage account, the size mode, a progress log, and a way to measure a step in a fresh process.</summary>
public sealed class BenchmarkContext(string connectionString, bool quick, TextWriter log)
{
    /// <summary>The environment variable a child process reads the connection string from (never a command-line argument).</summary>
    public const string ConnectionVariable = "COURIER_BENCH_STORAGE";

    public string ConnectionString { get; } = connectionString;

    public bool Quick { get; } = quick;

    public TextWriter Log { get; } = log;

    /// <summary>
    /// Runs <c>--child &lt;scenario&gt; args…</c> in a new process of this same program and returns the figures it prints, so
    /// that what the step measures (peak working set above all) belongs to that step alone.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, double>> RunChildAsync(string scenario, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var entry = typeof(BenchmarkContext).Assembly.Location;
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Started with `dotnet <dll>` (or `dotnet run`): run the dll with the same host; as an apphost: run it directly.
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet") info.ArgumentList.Add(entry);
        info.ArgumentList.Add("--child");
        info.ArgumentList.Add(scenario);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment[ConnectionVariable] = ConnectionString;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a child process");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var errors = await stderr;
        if (process.ExitCode != 0) throw new InvalidOperationException($"child {scenario} {string.Join(' ', args)} exited with {process.ExitCode}: {errors}");
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        return JsonSerializer.Deserialize<Dictionary<string, double>>(last) ?? throw new InvalidOperationException("the child printed no figures");
    }
}
