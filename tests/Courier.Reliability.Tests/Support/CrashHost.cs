using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Courier.Hosting.Hosting;
using Courier.Storage;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Reliability.Tests.Support;

/// <summary>
/// Courier with every job wired as Program wires it (<c>AddCourierJobs</c>), in-process on Azurite and the sandbox, with the
/// crash harness in its adapters: <see cref="CrashStoragePolicy"/> on its Table and Blob clients and
/// <see cref="CrashProviderHandler"/> on every provider HttpClient, and <see cref="ShiftedClock"/> as its clock.
/// A new host on the same settings is the same deployment restarted.
/// </summary>
public sealed class CrashHost : IAsyncDisposable
{
    private CrashHost(CourierTestHost host, CrashSwitch power)
    {
        Host = host;
        Power = power;
        Calls = new CourierCalls(host.Client);
    }

    public CourierTestHost Host { get; }

    public CrashSwitch Power { get; }

    public CourierCalls Calls { get; }

    public IServiceProvider Services => Host.Services;

    /// <param name="connection">Azurite's connection string.</param>
    /// <param name="settings">Every setting of the deployment (table prefix, providers, jobs), on top of the test defaults.</param>
    public static async Task<CrashHost> StartAsync(string connection, IReadOnlyDictionary<string, string?> settings, ShiftedClock clock)
    {
        var power = new CrashSwitch();
        var effective = CourierTestHost.DefaultSettings();
        effective["AzureWebJobsStorage"] = connection;
        foreach (var (key, value) in settings)
        {
            if (value is null) effective.Remove(key);
            else effective[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(effective).Build();
        var host = await CourierTestHost.StartAsync(
            settings,
            services =>
            {
                services.AddCourierJobs(configuration);
                // Registered after AddCourierStorage: the last registration is the one the stores resolve.
                var tables = new TableClientOptions();
                tables.AddPolicy(new CrashStoragePolicy(power), HttpPipelinePosition.PerCall);
                services.AddSingleton(new TableServiceClient(connection, tables));
                var blobs = StorageClients.BlobOptions();
                blobs.AddPolicy(new CrashStoragePolicy(power), HttpPipelinePosition.PerCall);
                services.AddSingleton(new BlobServiceClient(connection, blobs));
                services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new CrashProviderHandler(power)));
                services.AddSingleton<TimeProvider>(clock);
            },
            connection);
        return new CrashHost(host, power);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
