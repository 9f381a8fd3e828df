using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Courier.TestUtils.Azurite;

/// <summary>
/// The one Azurite process of a test run, shared by every <see cref="AzuriteFixture"/> that is alive at the same time
/// (reference-counted), in memory, on free loopback ports.
/// </summary>
internal sealed class AzuriteProcess
{
    public const string NotInstalled = "Azurite is not installed: run `npm ci` in the repository root (or ./scripts/test.sh, which does it).";

    /// <summary>The emulator's well-known development account.</summary>
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteProcess? s_current;
    private static int s_users;
    private static bool s_exitHookInstalled;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly string _workingDirectory;

    private AzuriteProcess(Process process, string connectionString, string workingDirectory)
    {
        _process = process;
        ConnectionString = connectionString;
        _workingDirectory = workingDirectory;
    }

    public string ConnectionString { get; }

    public static async Task<string> AcquireAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (s_current is null || s_current._process.HasExited)
            {
                s_current = await StartAsync().ConfigureAwait(false);
                if (!s_exitHookInstalled)
                {
                    // A test host that exits without disposing its fixtures must not leave Azurite behind.
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => s_current?.Stop();
                    s_exitHookInstalled = true;
                }
            }

            s_users++;
            return s_current.ConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task ReleaseAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--s_users > 0) return;
            s_users = 0;
            s_current?.Stop();
            s_current = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<AzuriteProcess> StartAsync()
    {
        var root = FindRepositoryRoot();
        var executable = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(executable)) throw new InvalidOperationException(NotInstalled);

        Exception? last = null;
        // Free ports are picked before Azurite binds them; another process can take one in between, so try a few times.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
            var started = Launch(executable, blob, queue, table);
            try
            {
                await started.WaitUntilListeningAsync([blob, queue, table]).ConfigureAwait(false);
                return started;
            }
            catch (InvalidOperationException ex)
            {
                started.Stop();
                last = ex;
            }
        }

        throw new InvalidOperationException("Azurite did not start", last);
    }

    /// <param name="location">A folder to persist to (so a stopped instance starts again with its data); null keeps everything in memory.</param>
    internal static AzuriteProcess Launch(string executable, int blobPort, int queuePort, int tablePort, string? location = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            // In-memory persistence writes nothing, but a scratch directory keeps any stray file out of the repository.
            WorkingDirectory = Directory.CreateTempSubdirectory("courier-azurite-").FullName,
        };
        string[] arguments =
        [
            "--silent", "--skipApiVersionCheck", .. (location is null ? ["--inMemoryPersistence"] : new[] { "--location", location }),
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var connectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
        var azurite = new AzuriteProcess(process, connectionString, info.WorkingDirectory);
        process.OutputDataReceived += (_, e) => azurite.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return azurite;
    }

    /// <summary>The Azurite process itself.</summary>
    internal Process Process => _process;

    internal async Task WaitUntilListeningAsync(int[] ports)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}: {Output()}");
                if (deadline.Elapsed > StartTimeout) throw new InvalidOperationException($"Azurite did not listen on port {port} within {StartTimeout.TotalSeconds:F0} s: {Output()}");
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                    break;
                }
                catch (SocketException)
                {
                    // Not listening yet: poll again shortly (test code; the process start is real time, not fake time).
                    await Task.Delay(50).ConfigureAwait(false);
                }
            }
        }
    }

    internal void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            TryDeleteWorkingDirectory();
        }
    }

    private void TryDeleteWorkingDirectory()
    {
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover empty temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 16_000) _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output) return _output.Length == 0 ? "(no output)" : _output.ToString();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The directory holding Functions.sln, found by walking up from the test binaries (then from the working directory).</summary>
    internal static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Functions.sln"))) return dir.FullName;
            }
        }

        throw new InvalidOperationException($"could not find the repository root (the folder with Functions.sln) above {AppContext.BaseDirectory}");
    }
}
