using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Credentials;
using Courier.Core.Tests.Support;
using Courier.Core.Validation;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Credentials;

public sealed class ProviderCredentialsServiceTests
{
    private const string Site = "site-1";
    private const string GoogleAds = TestCredentials.GoogleAdsKey;
    private static readonly string[] Required = ["customer_id", "developer_token", "client_id", "client_secret", "refresh_token", "conversion_action_resource_name"];

    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryCredentialStore _store = new();
    private readonly FakeSecretVault _vault = new();
    private readonly ProviderCredentialsService _service;

    public ProviderCredentialsServiceTests()
    {
        _service = new ProviderCredentialsService(_store, _vault, TestCredentials.Schemas, _time);
    }

    public static TheoryData<string> RequiredFields() => new(Required);

    private IReadOnlyList<FieldError> Validate(JsonNode? credentials, string provider = GoogleAds) =>
        _service.Validate(provider, JsonSerializer.SerializeToElement(credentials));

    private static JsonObject Without(string field)
    {
        var o = TestCredentials.GoogleAdsObject(Site);
        o.Remove(field);
        return o;
    }

    /// <summary>Stores, as the vault would protect it for this site, a credentials text of our choosing.</summary>
    private Task StoreRawAsync(string json) =>
        _store.SaveAsync(new ProviderCredential(Site, GoogleAds, _vault.Protect(json, $"{Site}/{GoogleAds}"), FakeSecretVault.KeyId, _time.GetUtcNow()), default);

    private async Task<CredentialsUnavailableException> UnavailableAsync(string siteId = Site) =>
        await Assert.ThrowsAsync<CredentialsUnavailableException>(() => _service.GetAsync(siteId, GoogleAds));

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in TestCredentials.SecretsOf(Site)) Assert.DoesNotContain(secret, text);
    }

    // ---- Validate

    [Fact]
    public void Validate_CompleteGoogleAds_NoErrors()
    {
        Assert.Empty(Validate(TestCredentials.GoogleAdsObject(Site)));
        Assert.Empty(Validate(TestCredentials.GoogleAdsObject(Site, withLoginCustomer: true)));
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Validate_RequiredFieldMissing_NamesIt(string field)
    {
        Assert.Equal([new FieldError($"credentials.{field}", "is required")], Validate(Without(field)));
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Validate_RequiredFieldBlank_NamesIt(string field)
    {
        var o = TestCredentials.GoogleAdsObject(Site);
        o[field] = "  ";

        Assert.Equal([new FieldError($"credentials.{field}", "must not be empty")], Validate(o));
    }

    [Fact]
    public void Validate_FieldOfWrongType_NamesIt()
    {
        var o = TestCredentials.GoogleAdsObject(Site);
        o["customer_id"] = 1234567890;
        o["login_customer_id"] = true;

        Assert.Equal(
            [new FieldError("credentials.customer_id", "must be a string"), new FieldError("credentials.login_customer_id", "must be a string")],
            Validate(o));
    }

    [Fact]
    public void Validate_UnknownField_NamesItWithoutItsValue()
    {
        var o = TestCredentials.GoogleAdsObject(Site);
        o["api_key"] = "stray-SECRET";

        var error = Assert.Single(Validate(o));

        Assert.Equal(new FieldError("credentials.api_key", "is not a known field"), error);
    }

    [Fact]
    public void Validate_EmptyObject_NamesEveryRequiredField()
    {
        Assert.Equal(Required.Select(f => $"credentials.{f}"), Validate(new JsonObject()).Select(e => e.Field));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void Validate_NotAnObject_NamesCredentials(string json)
    {
        var errors = _service.Validate(GoogleAds, JsonDocument.Parse(json).RootElement);

        Assert.Equal([new FieldError("credentials", "must be an object")], errors);
    }

    [Fact]
    public void Validate_UnknownProvider_NamesProviderKeyAndEveryRegisteredOne()
    {
        var error = Assert.Single(Validate(TestCredentials.GoogleAdsObject(Site), "meta"));

        Assert.Equal(new FieldError("provider_key", "must be one of: airtable, google_ads"), error);
    }

    [Fact]
    public void Validate_NoProviderRegistered_SaysSo()
    {
        var service = new ProviderCredentialsService(_store, _vault, [], _time);

        var errors = service.Validate(GoogleAds, TestCredentials.GoogleAds(Site));

        Assert.Equal([new FieldError("provider_key", "no provider is registered")], errors);
    }

    [Fact]
    public void Validate_AnotherRegisteredProvider_CheckedAgainstItsOwnSchema()
    {
        var errors = Validate(new JsonObject { ["base_id"] = "app1", ["customer_id"] = "111" }, TestCredentials.AirtableKey);

        Assert.Equal([new FieldError("credentials.api_token", "is required"), new FieldError("credentials.customer_id", "is not a known field")], errors);
        Assert.Empty(Validate(new JsonObject { ["base_id"] = "app1", ["api_token"] = "pat-SECRET" }, TestCredentials.AirtableKey));
    }

    // ---- constructor / KnownProviders

    [Fact]
    public void KnownProviders_RegisteredSchemas_InOrdinalOrder()
    {
        Assert.Equal(["airtable", "google_ads"], _service.KnownProviders);
    }

    [Fact]
    public void Constructor_SameSchemaRegisteredTwice_Accepted()
    {
        var service = new ProviderCredentialsService(_store, _vault, [TestCredentials.GoogleAdsSchema, TestCredentials.GoogleAdsSchema], _time);

        Assert.Equal(["google_ads"], service.KnownProviders);
    }

    [Fact]
    public void Constructor_TwoSchemasForOneProvider_ThrowsNamingIt()
    {
        var other = new CredentialSchema(GoogleAds, [new CredentialField("api_key")]);

        var ex = Assert.Throws<InvalidOperationException>(() => new ProviderCredentialsService(_store, _vault, [TestCredentials.GoogleAdsSchema, other], _time));

        Assert.Equal("two credential schemas are registered for provider 'google_ads'", ex.Message);
    }

    // ---- SaveAsync

    [Fact]
    public async Task SaveAsync_Valid_StoresOnlyTheVaultsOutput()
    {
        await _service.SaveAsync(Site, GoogleAds, TestCredentials.GoogleAds(Site, withLoginCustomer: true));

        var stored = (await _store.GetAsync(Site, GoogleAds, default))!;
        Assert.Equal(Assert.Single(_vault.Produced), stored.ProtectedBlob);
        Assert.Equal(FakeSecretVault.KeyId, stored.KeyId);
        Assert.Equal(_time.GetUtcNow(), stored.UpdatedAt);
        Assert.Equal((Site, GoogleAds), (stored.SiteId, stored.ProviderKey));
        foreach (var value in TestCredentials.GoogleAdsObject(Site, withLoginCustomer: true).Select(p => p.Value!.GetValue<string>()))
            Assert.DoesNotContain(value, stored.ProtectedBlob);
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesTheStoredCredentials()
    {
        await _service.SaveAsync(Site, GoogleAds, TestCredentials.GoogleAds(Site));
        _time.Advance(TimeSpan.FromDays(1));
        var rotated = TestCredentials.GoogleAdsObject(Site);
        rotated["refresh_token"] = "1//rotated";

        await _service.SaveAsync(Site, GoogleAds, TestCredentials.Element(rotated));

        Assert.Equal("1//rotated", (await _service.GetAsync(Site, GoogleAds)).Get("refresh_token"));
        Assert.Equal(_time.GetUtcNow(), (await _store.GetAsync(Site, GoogleAds, default))!.UpdatedAt);
    }

    [Fact]
    public async Task SaveAsync_Invalid_ThrowsNamingFieldsAndStoresNothing()
    {
        var o = Without("client_id");
        o["api_key"] = "stray-SECRET";

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _service.SaveAsync(Site, GoogleAds, TestCredentials.Element(o)));

        Assert.Contains("credentials.client_id is required", ex.Message);
        Assert.Contains("credentials.api_key is not a known field", ex.Message);
        Assert.DoesNotContain("stray-SECRET", ex.Message);
        AssertNoSecret(ex.Message);
        Assert.Null(await _store.GetAsync(Site, GoogleAds, default));
        Assert.Empty(_vault.Produced);
    }

    [Fact]
    public async Task SaveAsync_UnknownProvider_ThrowsAndStoresNothing()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _service.SaveAsync(Site, "meta", TestCredentials.GoogleAds(Site)));

        Assert.Equal("provider_key must be one of: airtable, google_ads", ex.Message);
        Assert.Empty(_vault.Produced);
    }

    // ---- GetAsync

    [Fact]
    public async Task GetAsync_AfterSave_RoundTripsEveryField()
    {
        await _service.SaveAsync(Site, GoogleAds, TestCredentials.GoogleAds(Site, withLoginCustomer: true));

        var credentials = await _service.GetAsync(Site, GoogleAds);

        Assert.Equal((Site, GoogleAds), (credentials.SiteId, credentials.ProviderKey));
        foreach (var (name, value) in TestCredentials.GoogleAdsObject(Site, withLoginCustomer: true))
            Assert.Equal(value!.GetValue<string>(), credentials.Get(name));
    }

    [Fact]
    public async Task GetAsync_WithoutOptionalField_OptionalIsNull()
    {
        await _service.SaveAsync(Site, GoogleAds, TestCredentials.GoogleAds(Site));

        Assert.Null((await _service.GetAsync(Site, GoogleAds)).GetOptional("login_customer_id"));
    }

    [Fact]
    public async Task GetAsync_TwoProvidersOfOneSite_EachItsOwnRow()
    {
        await _service.SaveAsync(Site, GoogleAds, TestCredentials.GoogleAds(Site));
        await _service.SaveAsync(Site, TestCredentials.AirtableKey, TestCredentials.Element(new JsonObject { ["base_id"] = "app1", ["api_token"] = "pat-SECRET" }));

        var airtable = await _service.GetAsync(Site, TestCredentials.AirtableKey);

        Assert.Equal("pat-SECRET", airtable.Get("api_token"));
        Assert.Equal("111-site-1", (await _service.GetAsync(Site, GoogleAds)).Get("customer_id"));
    }

    [Fact]
    public async Task GetAsync_UnregisteredProvider_ThrowsWiringError()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _service.GetAsync(Site, "meta"));

        Assert.Equal("no credential schema is registered for provider 'meta'; known: airtable, google_ads", ex.Message);
    }

    [Fact]
    public async Task GetAsync_AfterSave_ToStringAndJsonShowNoSecret()
    {
        await _service.SaveAsync(Site, GoogleAds, TestCredentials.GoogleAds(Site, withLoginCustomer: true));

        var credentials = await _service.GetAsync(Site, GoogleAds);

        AssertNoSecret(credentials.ToString());
        AssertNoSecret($"{credentials}");
        AssertNoSecret(JsonSerializer.Serialize(credentials));
        Assert.Contains("111-site-1", credentials.ToString());
    }

    [Fact]
    public async Task GetAsync_NoRow_UnavailableNamingSiteAndProvider()
    {
        await _service.SaveAsync("site-2", GoogleAds, TestCredentials.GoogleAds("site-2"));

        var ex = await UnavailableAsync();

        Assert.Equal("no google_ads credentials are stored for site site-1", ex.Message);
    }

    [Fact]
    public async Task GetAsync_VaultCannotDecrypt_UnavailableWithVaultReasonAndNoSecret()
    {
        await _service.SaveAsync(Site, GoogleAds, TestCredentials.GoogleAds(Site));
        _vault.UnreadableReason = "key id 'ktest' is not configured";

        var ex = await UnavailableAsync();

        Assert.Equal("google_ads credentials of site site-1 cannot be decrypted: key id 'ktest' is not configured", ex.Message);
        AssertNoSecret(ex.Message);
    }

    [Fact]
    public async Task GetAsync_BlobCopiedFromAnotherSite_DoesNotDecrypt()
    {
        await _service.SaveAsync("site-2", GoogleAds, TestCredentials.GoogleAds("site-2"));
        var other = (await _store.GetAsync("site-2", GoogleAds, default))!;
        await _store.SaveAsync(other with { SiteId = Site }, default);

        var ex = await UnavailableAsync();

        Assert.Contains("cannot be decrypted", ex.Message);
        foreach (var secret in TestCredentials.SecretsOf("site-2")) Assert.DoesNotContain(secret, ex.Message);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task GetAsync_StoredWithoutRequiredField_UnavailableNamingItWithoutSecrets(string field)
    {
        await StoreRawAsync(Without(field).ToJsonString());

        var ex = await UnavailableAsync();

        Assert.StartsWith("stored google_ads credentials of site site-1 are incomplete: ", ex.Message);
        Assert.Contains($"credentials.{field} is required", ex.Message);
        AssertNoSecret(ex.Message);
    }

    [Fact]
    public async Task GetAsync_StoredFieldOfWrongType_UnavailableWithoutSecrets()
    {
        var o = TestCredentials.GoogleAdsObject(Site);
        o["customer_id"] = new JsonArray("devtok-SECRET-site-1");
        await StoreRawAsync(o.ToJsonString());

        var ex = await UnavailableAsync();

        Assert.Contains("credentials.customer_id must be a string", ex.Message);
        AssertNoSecret(ex.Message);
    }

    [Theory]
    [InlineData("devtok-SECRET-site-1 clisec-SECRET-site-1")]
    [InlineData("{\"client_secret\":\"clisec-SECRET-site-1\"")]
    public async Task GetAsync_DecryptsToNonJson_UnavailableWithoutSecrets(string text)
    {
        await StoreRawAsync(text);

        var ex = await UnavailableAsync();

        Assert.Equal("google_ads credentials of site site-1 decrypted to something that is not JSON", ex.Message);
    }

    [Fact]
    public async Task GetAsync_DecryptsToJsonArray_Unavailable()
    {
        await StoreRawAsync("[\"clisec-SECRET-site-1\"]");

        var ex = await UnavailableAsync();

        Assert.Contains("incomplete", ex.Message);
        AssertNoSecret(ex.Message);
    }
}
