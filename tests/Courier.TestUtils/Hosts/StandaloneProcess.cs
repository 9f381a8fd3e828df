using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Courier.TestUtils.Hosts;

/// <summary>
/// One built standalone executable started as a real process, its output captured line by line: killed outright (SIGKILL),
/// or stopped gracefully with SIGTERM (what a container runtime or systemd sends). When it is disposed, its output must hold
/// no known secret (<see cref="KnownSecrets"/>).
/// </summary>
public sealed class StandaloneProcess(string id) : IAsyncDisposable
{
    private readonly List<string> _lines = [];
    private Process? _process;

    public string Id => id;

    /// <summary>A client for the instance's HTTP API, with the API secret as its default bearer.</summary>
    public HttpClient Client { get; private set; } = null!;

    public bool Killed { get; private set; }

    public bool HasExited => _process is { HasExited: true };

    /// <summary>Starts <paramref name="executable"/> with <paramref name="settings"/> as environment and waits (30 s at most) for GET /api/status.</summary>
    public async Task StartAsync(string executable, IReadOnlyDictionary<string, string> settings)
    {
        var port = CourierTestHost.FreePort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Nothing inherited may pick another address.
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in settings) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the built executable");
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{id} exited:\n{Tail()}");
            try
            {
                using var ready = await Client.GetAsync(new Uri("/api/status", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    var status = await ready.Content.ReadFromJsonAsync<JsonElement>();
                    Assert.Equal("standalone", status.GetProperty("mode").GetString());
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{id} did not answer GET /api/status within 30 s:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process tree outright (SIGKILL): no graceful shutdown, so nothing it holds is released.</summary>
    public async Task KillAsync()
    {
        Killed = true;
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
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
            throw new TimeoutException($"{id} did not exit within 20 s of SIGTERM:\n{Tail()}");
        }
    }

    public string[] Lines()
    {
        lock (_lines) return _lines.ToArray();
    }

    public string Tail() => $"--- {id} ---\n" + string.Join("\n", Lines().TakeLast(80));

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
        KnownSecrets.AssertNone(Lines(), $"the output of {id}");
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }
}
