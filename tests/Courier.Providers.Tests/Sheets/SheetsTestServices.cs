using System.Security.Cryptography;
using System.Text.Json;
using Courier.Providers.DependencyInjection;
using Courier.Providers.Sheets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Providers.Tests.Sheets;

/// <summary>Services wired as the host wires them, every HTTP call going to a <see cref="FakeGoogleHandler"/>, logs captured, time fake.</summary>
internal sealed class SheetsTestServices : IDisposable
{
    public const string ClientEmail = "courier-sheets@demo-project.iam.gserviceaccount.com";

    public SheetsTestServices(IDictionary<string, string?>? settings = null)
    {
        Key = RSA.Create(2048);
        Handler = new FakeGoogleHandler(Key);
        var values = new Dictionary<string, string?>
        {
            ["Sheets:BaseUrl"] = "https://sheets.test",
            ["Sheets:TokenUrl"] = FakeGoogleHandler.TokenUrl,
            ["ProviderHttp:RetryBaseDelay"] = "00:00:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddGoogleSheetsProvider(configuration);
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = Handler));
        Provider = services.BuildServiceProvider(validateScopes: true);
        PrivateKeyPem = Key.ExportPkcs8PrivateKeyPem();
        Credentials = new SheetsCredentials(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "demo-project",
            ["private_key_id"] = "key-1",
            ["private_key"] = PrivateKeyPem,
            ["client_email"] = ClientEmail,
            ["client_id"] = "1234567890",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        }));
    }

    public RSA Key { get; }

    public string PrivateKeyPem { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    public FakeGoogleHandler Handler { get; }

    public ServiceProvider Provider { get; }

    public SheetsCredentials Credentials { get; }

    public ISheetsClient Client => Provider.GetRequiredService<ISheetsClient>();

    public void Dispose()
    {
        Provider.Dispose();
        Key.Dispose();
    }
}
