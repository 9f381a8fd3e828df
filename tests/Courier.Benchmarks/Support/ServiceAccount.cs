using System.Security.Cryptography;
using System.Text.Json;

namespace Courier.Benchmarks.Support;

/// <summary>Google service-account keys as Google hands them out (a fresh RSA key; the sandbox checks the JWT's shape, not its signature).</summary>
public static class ServiceAccount
{
    public static string Json(string name)
    {
        using var rsa = RSA.Create(2048);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "courier-bench",
            ["private_key_id"] = "key-1",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = $"{name}@courier-bench.iam.gserviceaccount.com",
            ["client_id"] = "1234567890",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        });
    }
}
