using System.Security.Cryptography;
using System.Text.Json;
using Courier.Providers.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.Tests;

/// <summary>The Airtable and Drive providers wired as the host wires them, pointed at the sandbox, logs captured.</summary>
internal static class DeliveryProviderServices
{
    public const string ClientEmail = "courier-drive@demo-project.iam.gserviceaccount.com";

    private static readonly Lazy<string> PrivateKey = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    public static ServiceProvider Build(Uri sandbox, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Airtable:BaseUrl"] = sandbox.ToString(),
            ["Drive:BaseUrl"] = sandbox.ToString(),
            ["Drive:TokenUrl"] = new Uri(sandbox, "token").ToString(),
            ["ProviderHttp:RetryBaseDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();
        services.AddAirtableProvider(configuration);
        services.AddGoogleDriveProvider(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>A service-account key with a real RSA key (Google.Apis.Auth signs the JWT; the sandbox checks its shape).</summary>
    public static string ServiceAccountJson(string email = ClientEmail) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "demo-project",
        ["private_key_id"] = "key-1",
        ["private_key"] = PrivateKey.Value,
        ["client_email"] = email,
        ["client_id"] = "1234567890",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
    });
}
