using System.Reflection;
using System.Text.Json;
using Courier.Core.Credentials;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Validation;
using Courier.Providers.DependencyInjection;
using Courier.Providers.GoogleAds;
using Courier.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Tests.DependencyInjection;

public sealed class GoogleAdsServiceCollectionExtensionsTests
{
    private static readonly Uri Sandbox = new("http://127.0.0.1:9/");

    [Fact]
    public void AddGoogleAdsProvider_Settings_BoundFromGoogleAdsSection()
    {
        using var services = ProviderServices.Build(Sandbox, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = "v23", ["GoogleAds:Timeout"] = "00:00:45" });
        services.GetRequiredService<IStartupValidator>().Validate();

        var options = services.GetRequiredService<IOptions<GoogleAdsOptions>>().Value;

        Assert.Equal("v23", options.ApiVersion);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Timeout);
        Assert.Equal(Sandbox.ToString(), options.BaseUrl);
        Assert.IsType<GoogleAdsConversionClient>(services.GetRequiredService<IGoogleAdsConversionClient>());
    }

    [Fact]
    public void AddGoogleAdsProvider_BadApiVersion_StartupFailsWithExactMessage()
    {
        using var services = ProviderServices.Build(Sandbox, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = "21" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["GoogleAds:ApiVersion must be 'v' followed by digits, for example v21."], e.Failures);
    }

    [Fact]
    public void AddGoogleAdsProvider_BadProviderHttpRetries_StartupFailsWithExactMessage()
    {
        using var services = ProviderServices.Build(Sandbox, new Dictionary<string, string?> { ["ProviderHttp:MaxRetries"] = "9" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["ProviderHttp:MaxRetries must be between 0 and 5."], e.Failures);
        Assert.Equal(typeof(ProviderHttpOptions), e.OptionsType);
    }

    [Fact]
    public void AddGoogleAdsProvider_CalledTwice_RegistersItsCredentialSchemaOnce()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        services.AddGoogleAdsProvider(configuration).AddGoogleAdsProvider(configuration);

        using var provider = services.BuildServiceProvider();
        Assert.Same(GoogleAdsCredentialSchema.Schema, Assert.Single(provider.GetServices<CredentialSchema>()));
    }

    [Fact]
    public void ProviderCredentialsService_WiredAsTheHostWiresIt_ValidatesAgainstTheRegisteredGoogleAdsSchema()
    {
        var services = new ServiceCollection();
        services.AddGoogleAdsProvider(new ConfigurationBuilder().Build());
        services.AddSingleton<ICredentialStore, UnusedStore>();
        services.AddSingleton<ISecretVault, UnusedVault>();
        services.AddSingleton<ProviderCredentialsService>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var credentials = provider.GetRequiredService<ProviderCredentialsService>();

        var errors = credentials.Validate("google_ads", JsonDocument.Parse("""{"customer_id":"1","developer_token":"dt-SECRET"}""").RootElement);

        Assert.Equal(["google_ads"], credentials.KnownProviders);
        Assert.Equal(
            ["credentials.client_id", "credentials.client_secret", "credentials.refresh_token", "credentials.conversion_action_resource_name"],
            errors.Select(e => e.Field));
        Assert.Equal([new FieldError("provider_key", "must be one of: google_ads")], credentials.Validate("meta", JsonDocument.Parse("{}").RootElement));
    }

    [Fact]
    public void AddCredentialSchema_AnotherSchemaForTheSameProvider_Throws()
    {
        var services = new ServiceCollection().AddCredentialSchema(GoogleAdsCredentialSchema.Schema);

        var ex = Assert.Throws<InvalidOperationException>(() => services.AddCredentialSchema(new CredentialSchema("google_ads", [new CredentialField("api_key")])));

        Assert.Equal("another credential schema is already registered for provider 'google_ads'", ex.Message);
    }

    [Fact]
    public void AddCredentialSchema_TwoProviders_BothRegistered()
    {
        var airtable = new CredentialSchema("airtable", [CredentialField.RequiredSecret("api_token")]);
        var services = new ServiceCollection().AddCredentialSchema(GoogleAdsCredentialSchema.Schema).AddCredentialSchema(airtable);

        using var provider = services.BuildServiceProvider();

        Assert.Equal(["google_ads", "airtable"], provider.GetServices<CredentialSchema>().Select(s => s.ProviderKey));
    }

    // ---- the typed HttpClient is never captured for the app's lifetime

    [Fact]
    public void AddGoogleAdsProvider_Uploader_TransientLikeTheTypedClientItTakes()
    {
        var services = new ServiceCollection();

        services.AddGoogleAdsProvider(new ConfigurationBuilder().Build());

        Assert.Equal(ServiceLifetime.Transient, Assert.Single(services, d => d.ServiceType == typeof(IConversionUploader)).Lifetime);
        Assert.Equal(ServiceLifetime.Transient, Assert.Single(services, d => d.ServiceType == typeof(IGoogleAdsConversionClient)).Lifetime);
    }

    [Fact]
    public void AddGoogleAdsProvider_NoProviderSingleton_TakesAShortLivedService()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGoogleAdsProvider(new ConfigurationBuilder().Build());
        var shortLived = services.Where(d => d.Lifetime != ServiceLifetime.Singleton).Select(d => d.ServiceType).ToHashSet();

        var captured = services
            .Where(d => d.Lifetime == ServiceLifetime.Singleton && d.ImplementationType?.Assembly == typeof(GoogleAdsConversionClient).Assembly)
            .SelectMany(d => d.ImplementationType!.GetConstructors(BindingFlags.Public | BindingFlags.Instance).SelectMany(c => c.GetParameters())
                .Where(p => shortLived.Contains(p.ParameterType))
                .Select(p => $"{d.ImplementationType.Name}({p.ParameterType.Name})"))
            .ToList();

        Assert.Contains(typeof(IGoogleAdsConversionClient), shortLived);
        Assert.Empty(captured);
    }

    [Fact]
    public void Uploader_ResolvedInTwoScopes_EachGetsItsOwnClientFromTheFactory()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["GoogleAds:BaseUrl"] = Sandbox.ToString() }).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddGoogleAdsProvider(configuration);
        var factory = Assert.Single(services, d => d.ServiceType == typeof(IHttpClientFactory));
        var created = new List<HttpClient>();
        services.Replace(ServiceDescriptor.Singleton<IHttpClientFactory>(sp => new RecordingHttpClientFactory((IHttpClientFactory)factory.ImplementationFactory!(sp), created)));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        IConversionUploader first, second;
        using (var scope = provider.CreateScope()) first = scope.ServiceProvider.GetRequiredService<IConversionUploader>();
        using (var scope = provider.CreateScope()) second = scope.ServiceProvider.GetRequiredService<IConversionUploader>();

        Assert.IsType<GoogleAdsConversionUploader>(first);
        Assert.NotSame(first, second);
        Assert.Equal(2, created.Count);
        Assert.NotSame(created[0], created[1]);
    }

    /// <summary>Passes every call to the real factory and keeps the clients it made.</summary>
    private sealed class RecordingHttpClientFactory(IHttpClientFactory inner, List<HttpClient> created) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name)
        {
            var client = inner.CreateClient(name);
            created.Add(client);
            return client;
        }
    }

    private sealed class UnusedStore : ICredentialStore
    {
        public Task SaveAsync(ProviderCredential credential, CancellationToken cancellationToken) => throw new InvalidOperationException("not used");

        public Task<ProviderCredential?> GetAsync(string siteId, string providerKey, CancellationToken cancellationToken) => throw new InvalidOperationException("not used");
    }

    private sealed class UnusedVault : ISecretVault
    {
        public string CurrentKeyId => "k1";

        public string Protect(string plaintext, string context) => throw new InvalidOperationException("not used");

        public string Unprotect(string protectedValue, string context) => throw new InvalidOperationException("not used");
    }
}
