using Courier.Providers.DependencyInjection;
using Courier.Providers.GoogleAds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.Tests;

/// <summary>A service provider wired as the host wires it, pointed at the sandbox, with every log line captured.</summary>
internal static class ProviderServices
{
    public const string RefreshToken = "refresh-token-secret-1";
    public const string ClientSecret = "client-secret-value-1";
    public const string DeveloperToken = "developer-token-secret-1";
    public const string ConversionAction = "customers/1234567890/conversionActions/42";

    public static ServiceProvider Build(Uri sandbox, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["GoogleAds:BaseUrl"] = sandbox.ToString(),
            ["GoogleAds:TokenUrl"] = new Uri(sandbox, "token").ToString(),

            // No backoff waits in tests: the retries still happen, only instantly.
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
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddGoogleAdsProvider(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static GoogleAdsCredentials Credentials(string refreshToken = RefreshToken, string? loginCustomerId = null, string developerToken = DeveloperToken) =>
        new("123-456-7890", developerToken, "client-id-1", ClientSecret, refreshToken, ConversionAction, loginCustomerId);

    public static ClickConversion Row(string gclid, string? orderId = null, string? conversionAction = null) => new()
    {
        Gclid = gclid,
        ConversionAction = conversionAction,
        ConversionDateTime = new DateTimeOffset(2026, 1, 2, 13, 45, 0, TimeSpan.FromHours(1)),
        Value = 12.5m,
        Currency = "EUR",
        OrderId = orderId,
    };
}
