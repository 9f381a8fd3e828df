using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Support;

/// <summary>
/// What the process tests share, once per class: a dedicated Azurite and a sandbox on loopback, and the environment that
/// starts the built standalone executable (<see cref="StandaloneProcess"/>) on them with the timers off.
/// </summary>
public sealed class ProcessRig : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();

    public ReliabilitySandbox Sandbox { get; } = new();

    public string TablePrefix { get; } = AzuriteFixture.NewTablePrefix();

    public async Task InitializeAsync() => await Task.WhenAll(Azurite.InitializeAsync(), Sandbox.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>A process's environment: <paramref name="settings"/> ("section:key" as "section__key") on top of the test defaults, timers off.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string?> settings, string instanceId)
    {
        var all = CourierTestHost.DefaultSettings();
        all.Remove("urls");
        all["AzureWebJobsStorage"] = Azurite.ConnectionString;
        all["Scheduling:HostId"] = "rig-" + TablePrefix;
        all["Runs:InstanceId"] = instanceId;
        all["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            if (value is null) all.Remove(key);
            else all[key] = value;
        }

        all["Storage:TablePrefix"] = TablePrefix;
        return all.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!, StringComparer.Ordinal);
    }

    /// <summary>Starts one standalone process on the rig.</summary>
    public async Task<StandaloneProcess> StartAsync(string id, IReadOnlyDictionary<string, string?> settings)
    {
        var process = new StandaloneProcess(id);
        try
        {
            await process.StartAsync(StandaloneBuild.Executable, Environment(settings, id));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
