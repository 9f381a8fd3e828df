using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Standalone.Tests.Jobs.WriteBack;

/// <summary>A Google service account of its own per test (its own write quota in the sandbox), as the key file Google hands out.</summary>
public sealed class SheetsServiceAccount
{
    private static readonly Lazy<string> PrivateKeyPem = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    public string SiteId { get; } = "sheets-" + Guid.NewGuid().ToString("N")[..10];

    public string Email => $"{SiteId}@courier-test.iam.gserviceaccount.com";

    /// <summary>The key file's JSON, as the <c>service_account_json</c> credential holds it.</summary>
    public string KeyJson => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "courier-test",
        ["private_key_id"] = "key-1",
        ["private_key"] = PrivateKeyPem.Value,
        ["client_email"] = Email,
        ["client_id"] = "1234567890",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
    });

    /// <summary>The body of <c>POST /api/cron/providers/seed-credentials</c> for this account.</summary>
    public JsonObject SeedBody() => new()
    {
        ["site_id"] = SiteId,
        ["provider_key"] = "google_sheets",
        ["credentials"] = new JsonObject { ["service_account_json"] = KeyJson },
    };
}
