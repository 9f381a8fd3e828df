using System.Diagnostics;
using System.Globalization;

namespace Courier.TestUtils.Azurite;

/// <summary>
/// An Azurite of a test's own (never the shared one), persisted to a scratch folder, that the test can stop (SIGTERM, so it
/// saves what it holds) and start again on the same ports with the same data: a storage outage in the middle of a run.
/// </summary>
public sealed class DedicatedAzurite : IAsyncDisposable
{
    private readonly string _executable;
    private readonly int[] _ports;
    private readonly string _location = Directory.CreateTempSubdirectory("courier-azurite-data-").FullName;
    private AzuriteProcess? _current;

    private DedicatedAzurite(string executable, int[] ports)
    {
        _executable = executable;
        _ports = ports;
    }

    /// <summary>The connection string; the same after a restart.</summary>
    public string ConnectionString { get; private set; } = "";

    public bool IsRunning => _current is not null;

    public static async Task<DedicatedAzurite> StartAsync()
    {
        var executable = Path.Combine(AzuriteProcess.FindRepositoryRoot(), "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(executable)) throw new InvalidOperationException(AzuriteProcess.NotInstalled);
        var azurite = new DedicatedAzurite(executable, [AzuriteProcess.FreePort(), AzuriteProcess.FreePort(), AzuriteProcess.FreePort()]);
        await azurite.StartAgainAsync().ConfigureAwait(false);
        return azurite;
    }

    /// <summary>Starts it (again) on its ports, with the data it saved when stopped.</summary>
    public async Task StartAgainAsync()
    {
        if (_current is not null) return;
        var started = AzuriteProcess.Launch(_executable, _ports[0], _ports[1], _ports[2], _location);
        try
        {
            await started.WaitUntilListeningAsync(_ports).ConfigureAwait(false);
        }
        catch
        {
            started.Stop();
            throw;
        }

        ConnectionString = started.ConnectionString;
        _current = started;
    }

    /// <summary>Stops it with SIGTERM (Azurite saves its data and closes its ports), or kills it after 15 s.</summary>
    public async Task StopAsync()
    {
        if (_current is not { } current) return;
        _current = null;
        if (!OperatingSystem.IsWindows())
        {
            using var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", current.Process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
            if (term is not null) await term.WaitForExitAsync().ConfigureAwait(false);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await current.Process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Did not stop on its own: killed below.
            }
        }

        current.Stop();
    }

    public async ValueTask DisposeAsync()
    {
        _current?.Stop();
        _current = null;
        await Task.CompletedTask.ConfigureAwait(false);
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
