using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox;
using Courier.Sandbox.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Reliability.Tests.Support;

/// <summary>
/// The provider sandbox (all five providers) in-process on a free loopback port, one per test class, or a process's
/// neighbour for the process tests. Campaigns keep apart by their own ids (customer, page, spreadsheet, base), not by resets.
/// </summary>
public sealed class ReliabilitySandbox : IAsyncLifetime
{
    public const string SharedDrive = "0AreliabilityDrive";
    public const string Assets = "Creative Review Asset Status";
    public const string Batches = "Partner Delivery Batches";

    private static readonly Lazy<string> PrivateKeyPem = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    /// <summary>The clock the sandbox and every Courier host of the class share: moving it expires Courier's leases while
    /// the sandbox still accepts the JWTs Courier signs with it (Google checks <c>iat</c> against its own time).</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>A Google service-account key file (a real RSA key: Google.Apis.Auth signs the JWT) for <paramref name="email"/>.</summary>
    public static string ServiceAccountJson(string email) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "courier-reliability",
        ["private_key_id"] = "k1",
        ["private_key"] = PrivateKeyPem.Value,
        ["client_email"] = email,
        ["client_id"] = "1",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
    });

    /// <summary>Courier settings that point every provider client at this sandbox ("__" form for a process's environment when <paramref name="environment"/>).</summary>
    public Dictionary<string, string?> ProviderSettings()
    {
        var root = BaseAddress.ToString().TrimEnd('/');
        return new Dictionary<string, string?>
        {
            ["GoogleAds:BaseUrl"] = root,
            ["GoogleAds:TokenUrl"] = root + "/token",
            ["Meta:BaseUrl"] = root,
            ["Meta:ApiVersion"] = "v25.0",
            ["Meta:Timeout"] = "00:00:05",
            ["Sheets:BaseUrl"] = root,
            ["Sheets:TokenUrl"] = root + "/token",
            ["Airtable:BaseUrl"] = root + "/",
            ["Drive:BaseUrl"] = root + "/",
            ["Drive:TokenUrl"] = root + "/token",
            ["Drive:CredentialJson"] = ServiceAccountJson("delivery@courier-reliability.iam.gserviceaccount.com"),
            // Every retry goes through the queue (or the next run), so the counts of a run repeat exactly.
            ["ProviderHttp:MaxRetries"] = "0",
            ["ProviderHttp:RetryBaseDelay"] = "00:00:00",
            ["PartnerDelivery:DriveRetryBaseDelay"] = "00:00:00.010",
            ["PartnerDelivery:DriveMaxDelay"] = "00:00:00.100",
        };
    }

    public async Task InitializeAsync()
    {
        _app = await SandboxApp.StartAsync(configureServices: services => services.AddSingleton<TimeProvider>(Clock));
        BaseAddress = SandboxApp.GetBaseAddress(_app);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Control = new SandboxControlClient(Http);
        await PostAsync("_sandbox/drive/drives", new { id = SharedDrive, name = "Partners" });
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    public async Task PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sandbox {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonObject> GetAsync(string path) => (await Http.GetFromJsonAsync<JsonObject>(path))!;

    public Task<IReadOnlyList<TEntry>> LedgerAsync<TEntry>(string name) => Control.GetLedgerAsync<TEntry>(name);
}
