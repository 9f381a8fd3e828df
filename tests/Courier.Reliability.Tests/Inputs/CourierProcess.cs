using System.Diagnostics;
using System.Net.Http.Headers;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Repository;

namespace Courier.Reliability.Tests.Inputs;

/// <summary>
/// The built standalone executable as a real process, its output captured: stopped gracefully with SIGTERM (what a
/// container runtime or systemd sends), or killed when the test ends.
/// </summary>
public sealed class CourierProcess : IAsyncDisposable
{
    private readonly List<string> _lines = [];
    private Process? _process;

    public HttpClient Client { get; private set; } = null!;

    public bool HasExited => _process is { HasExited: true };

    /// <summary>The executable of <c>src/Courier.Standalone</c> in the configuration these tests were built in.</summary>
    public static string Executable
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Path.Combine(RepoRoot.Path, "src", "Courier.Standalone", "bin", configuration, "net10.0", OperatingSystem.IsWindows() ? "Courier.Standalone.exe" : "Courier.Standalone");
            return File.Exists(path) ? path : throw new FileNotFoundException($"build src/Courier.Standalone ({configuration}) first", path);
        }
    }

    /// <summary>Starts the executable with <paramref name="settings"/> as its environment; waits (30 s at most) until GET /healthz answers.</summary>
    public static async Task<CourierProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var started = new CourierProcess();
        var port = CourierTestHost.FreePort();
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Path.GetDirectoryName(Executable)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in settings) info.Environment[key] = value;
        started._process = Process.Start(info) ?? throw new InvalidOperationException("could not start the standalone executable");
        started._process.OutputDataReceived += (_, e) => started.Capture(e.Data);
        started._process.ErrorDataReceived += (_, e) => started.Capture(e.Data);
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();
        started.Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        await Poll.UntilAsync(
            async () =>
            {
                if (started.HasExited) throw new InvalidOperationException("the process exited:\n" + started.Tail());
                try
                {
                    using var health = await started.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
                    return health.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "GET /healthz of the standalone process",
            TimeSpan.FromSeconds(30));
        return started;
    }

    /// <summary>A request with a bearer secret.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return Client.SendAsync(request);
    }

    /// <summary>Sends SIGTERM and waits (20 s at most) for the process to exit on its own.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("the process did not exit within 20 s of SIGTERM:\n" + Tail());
        }
    }

    public string[] Lines()
    {
        lock (_lines) return [.. _lines];
    }

    public string Tail() => string.Join("\n", Lines().TakeLast(60));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        KnownSecrets.AssertNone(Lines(), "the process's output");
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }
}
