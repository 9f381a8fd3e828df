using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Control;
using Courier.Sandbox.Drive;
using Microsoft.AspNetCore.Builder;

namespace Courier.Standalone.Tests.Jobs.PartnerDelivery;

/// <summary>
/// The provider sandbox for partner delivery, one per test class: each test seeds its own Airtable base (its own token) and its
/// own Drive folders (ids with a per-test prefix), so tests keep apart without resets.
/// </summary>
public sealed class PartnerDeliverySandbox : IAsyncLifetime
{
    public const string SharedDrive = "0ApartnerDrive";
    public const string Assets = "Creative Review Asset Status";
    public const string Batches = "Partner Delivery Batches";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    /// <summary>A service-account key with a real RSA key: Google.Apis.Auth signs the JWT, the sandbox checks its shape.</summary>
    public string ServiceAccountJson { get; private set; } = "";

    public static JsonObject AssetTypes() => new()
    {
        ["Name"] = "singleLineText",
        ["Ready to Deliver (Webhook)"] = "checkbox",
        ["Delivered At"] = "dateTime",
        ["Delivered?"] = "checkbox",
        ["Delivered File URL"] = "url",
        ["Delivered Folder URL"] = "url",
        ["Delivery Status"] = "singleSelect",
        ["Delivery Error"] = "multilineText",
        ["Delivery Batch ID"] = "singleLineText",
        ["Source Folder ID"] = "singleLineText",
    };

    public static JsonObject BatchTypes() => new()
    {
        ["Batch ID"] = "singleLineText",
        ["Destination Folder ID"] = "singleLineText",
    };

    public async Task InitializeAsync()
    {
        _app = await SandboxApp.StartAsync();
        BaseAddress = SandboxApp.GetBaseAddress(_app);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Control = new SandboxControlClient(Http);
        using var rsa = RSA.Create(2048);
        ServiceAccountJson = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "courier-e2e",
            ["private_key_id"] = "k1",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "delivery@courier-e2e.iam.gserviceaccount.com",
            ["client_id"] = "1",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        });
        (await Http.PostAsJsonAsync("_sandbox/drive/drives", new { id = SharedDrive, name = "Partners" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>Courier's settings pointing both clients at this sandbox, for <paramref name="baseId"/>.</summary>
    public Dictionary<string, string?> Settings(string baseId, string token) => new()
    {
        ["Airtable:BaseUrl"] = BaseAddress.ToString(),
        ["Airtable:AccessToken"] = token,
        ["Drive:BaseUrl"] = BaseAddress.ToString(),
        ["Drive:TokenUrl"] = new Uri(BaseAddress, "token").ToString(),
        ["Drive:CredentialJson"] = ServiceAccountJson,
        ["PartnerDelivery:BaseId"] = baseId,
        ["PartnerDelivery:DriveRetryBaseDelay"] = "00:00:00.050",
        ["PartnerDelivery:DriveMaxDelay"] = "00:00:01",
        ["ProviderHttp:RetryBaseDelay"] = "00:00:00",
    };

    public async Task SeedBaseAsync(string baseId, string token, JsonArray assets, JsonArray batches)
    {
        var body = new JsonObject
        {
            ["baseId"] = baseId,
            ["token"] = token,
            ["tables"] = new JsonArray(
                new JsonObject { ["name"] = Assets, ["fieldTypes"] = AssetTypes(), ["records"] = assets },
                new JsonObject { ["name"] = Batches, ["fieldTypes"] = BatchTypes(), ["records"] = batches }),
        };
        (await Http.PostAsJsonAsync("_sandbox/airtable/bases", body)).EnsureSuccessStatusCode();
    }

    public static JsonObject Asset(string id, string? source, string? batch, bool ready = true, string? deliveredAt = null, JsonNode? sourceValue = null)
    {
        var fields = new JsonObject { ["Name"] = id, ["Ready to Deliver (Webhook)"] = ready };
        if (sourceValue is not null) fields["Source Folder ID"] = sourceValue;
        else if (source is not null) fields["Source Folder ID"] = source;
        if (batch is not null) fields["Delivery Batch ID"] = batch;
        if (deliveredAt is not null)
        {
            fields["Delivered At"] = deliveredAt;
            fields["Delivered?"] = true;
            fields["Delivery Status"] = "Delivered";
        }

        return new JsonObject { ["id"] = id, ["fields"] = fields };
    }

    public static JsonObject Batch(string key, string? destination) => new()
    {
        ["id"] = "rec" + key,
        ["fields"] = destination is null ? new JsonObject { ["Batch ID"] = key } : new JsonObject { ["Batch ID"] = key, ["Destination Folder ID"] = destination },
    };

    /// <summary>Seeds a tree (a node with <c>children</c> is a folder) under <paramref name="parentId"/> (null: My Drive).</summary>
    public async Task SeedTreeAsync(JsonObject root, string? parentId = SharedDrive) =>
        (await Http.PostAsJsonAsync("_sandbox/drive/tree", new JsonObject { ["parentId"] = parentId, ["root"] = root })).EnsureSuccessStatusCode();

    public static JsonObject Folder(string id, string name, params JsonObject[] children) => new() { ["id"] = id, ["name"] = name, ["children"] = new JsonArray(children) };

    public static JsonObject File(string id, string name) => new() { ["id"] = id, ["name"] = name };

    public async Task<JsonObject> TreeAsync(string id) => (await Http.GetFromJsonAsync<JsonObject>($"_sandbox/drive/tree/{id}"))!;

    public async Task<JsonObject> RecordAsync(string baseId, string recordId)
    {
        var records = (await Http.GetFromJsonAsync<JsonObject>($"_sandbox/airtable/bases/{baseId}/tables/{Uri.EscapeDataString(Assets)}/records"))!["records"]!.AsArray();
        return records.Single(r => r!["id"]!.GetValue<string>() == recordId)!["fields"]!.AsObject();
    }

    public async Task<IReadOnlyList<AirtableCall>> AirtableCallsAsync(string baseId) =>
        [.. (await Control.GetLedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName)).Where(c => c.BaseId == baseId)];

    /// <summary>Successful copies and creates whose source id starts with <paramref name="prefix"/> (copies) or whose parent is under the test.</summary>
    public async Task<IReadOnlyList<DriveCall>> DriveWritesAsync(Func<DriveCall, bool> belongs) =>
        [.. (await Control.GetLedgerAsync<DriveCall>(DriveEndpoints.LedgerName)).Where(belongs)];
}
