using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.WriteBack;
using Courier.Sandbox;
using Courier.Sandbox.Control;
using Courier.TestUtils.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Benchmarks.Support;

/// <summary>
/// Courier's standalone host in-process (as the tests start it: Kestrel on loopback, the jobs wired as Program wires them) on
/// the benchmark's Azurite with counting storage clients, talking to the in-process provider sandbox over loopback HTTP.
/// </summary>
public sealed class BenchCourier : IAsyncDisposable
{
    public const string ConversionsTwin = "/api/cron/process-offline-conversions";
    public const string WriteBackTwin = "/api/sync/write-back";

    private BenchCourier(WebApplication sandbox, CourierTestHost host, StorageCounter storage, ProviderCallCounter providerCalls)
    {
        Sandbox = sandbox;
        Host = host;
        Storage = storage;
        ProviderCalls = providerCalls;
        SandboxHttp = new HttpClient { BaseAddress = SandboxApp.GetBaseAddress(sandbox) };
        Control = new SandboxControlClient(SandboxHttp);
    }

    public WebApplication Sandbox { get; }

    public HttpClient SandboxHttp { get; }

    public SandboxControlClient Control { get; }

    public CourierTestHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public StorageCounter Storage { get; }

    /// <summary>Every HTTP request Courier's provider clients put on the wire (retries and token requests included), by path.</summary>
    public ProviderCallCounter ProviderCalls { get; }

    /// <summary>
    /// Starts a sandbox and a host in tables of their own, with the conversions job (and the write-back job when asked), or
    /// with the jobs <paramref name="jobs"/> registers instead (given the host's effective configuration).
    /// </summary>
    public static async Task<BenchCourier> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? extra = null, bool writeBack = false, Action<IServiceCollection, IConfiguration>? jobs = null)
    {
        var sandbox = await SandboxApp.StartAsync();
        var address = SandboxApp.GetBaseAddress(sandbox).ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Development",
            ["GoogleAds:BaseUrl"] = address,
            ["GoogleAds:TokenUrl"] = address + "/token",
            ["Sheets:BaseUrl"] = address,
            ["Sheets:TokenUrl"] = address + "/token",
            ["Meta:BaseUrl"] = address,
            ["Airtable:BaseUrl"] = address,
            ["Drive:BaseUrl"] = address,
            ["Drive:TokenUrl"] = address + "/token",
            ["ProviderHttp:RetryBaseDelay"] = "00:00:00",
            // Measuring, not debugging: the test host's Trace capture would cost more than the work measured.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var effective = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in settings) effective[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(effective).Build();
        var storage = new StorageCounter();
        var providerCalls = new ProviderCallCounter();
        var host = await CourierTestHost.StartAsync(
            settings,
            services =>
            {
                if (jobs is not null) jobs(services, configuration);
                else
                {
                    services.AddConversions(configuration);
                    if (writeBack) services.AddWriteBack(configuration);
                }

                storage.Register(services, connectionString);
                providerCalls.Register(services);
            },
            connectionString);
        return new BenchCourier(sandbox, host, storage, providerCalls);
    }

    public sealed record Answer(HttpStatusCode Status, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;

        public Answer Ok(string what) => (int)Status is >= 200 and < 300 ? this : throw new InvalidOperationException($"{what}: {(int)Status} {Text}");
    }

    public async Task<Answer> SendAsync(HttpMethod method, string path, string secret, string? body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Host.Client.SendAsync(request, cancellationToken);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task SeedCredentialsAsync(string siteId, string providerKey, JsonObject credentials) =>
        (await SendAsync(HttpMethod.Post, "/api/cron/providers/seed-credentials", TestSecrets.Cron,
            new JsonObject { ["site_id"] = siteId, ["provider_key"] = providerKey, ["credentials"] = credentials }.ToJsonString())).Ok("seed credentials");

    /// <summary>How many calls a sandbox ledger holds.</summary>
    public async Task<int> LedgerCountAsync(string ledger) => (await Control.GetLedgerAsync<JsonElement>(ledger)).Count;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        SandboxHttp.Dispose();
        await Sandbox.DisposeAsync();
    }
}
