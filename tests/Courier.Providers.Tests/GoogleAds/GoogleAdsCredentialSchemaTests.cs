using System.Text.Json;
using Courier.Core.Credentials;
using Courier.Core.Validation;
using Courier.Providers.GoogleAds;

namespace Courier.Providers.Tests.GoogleAds;

public sealed class GoogleAdsCredentialSchemaTests
{
    private const string SeedJson = """
        {"customer_id":"1234567890","developer_token":"dt-SECRET","client_id":"ci","client_secret":"cs-SECRET","refresh_token":"rt-SECRET",
         "conversion_action_resource_name":"customers/1234567890/conversionActions/42","login_customer_id":"555"}
        """;

    private static IReadOnlyList<FieldError> Validate(string json) => GoogleAdsCredentialSchema.Schema.Validate(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Schema_Always_DeclaresTheSpecFieldsWithTheirRequiredAndSecretFlags()
    {
        var schema = GoogleAdsCredentialSchema.Schema;

        Assert.Equal("google_ads", schema.ProviderKey);
        Assert.Equal(
            [
                new CredentialField("customer_id", Required: true, Secret: false),
                new CredentialField("developer_token", Required: true, Secret: true),
                new CredentialField("client_id", Required: true, Secret: false),
                new CredentialField("client_secret", Required: true, Secret: true),
                new CredentialField("refresh_token", Required: true, Secret: true),
                new CredentialField("conversion_action_resource_name", Required: true, Secret: false),
                new CredentialField("login_customer_id", Required: false, Secret: false),
            ],
            schema.Fields);
    }

    [Fact]
    public void Validate_SeedBodyOfTheSpec_NoErrors()
    {
        Assert.Empty(Validate(SeedJson));
    }

    [Fact]
    public void Validate_WithoutLoginCustomer_NoErrors()
    {
        Assert.Empty(Validate("""
            {"customer_id":"1","developer_token":"dt","client_id":"ci","client_secret":"cs","refresh_token":"rt","conversion_action_resource_name":"customers/1/conversionActions/2"}
            """));
    }

    [Fact]
    public void Validate_EmptyObject_NamesEveryRequiredField()
    {
        Assert.Equal(
            ["credentials.customer_id", "credentials.developer_token", "credentials.client_id", "credentials.client_secret", "credentials.refresh_token", "credentials.conversion_action_resource_name"],
            Validate("{}").Select(e => e.Field));
    }

    [Fact]
    public void Validate_BadSecretValues_ErrorsQuoteNoValue()
    {
        var errors = Validate("""
            {"customer_id":"1","developer_token":["dt-SECRET"],"client_id":"ci","client_secret":"cs-SECRET","refresh_token":"rt-SECRET",
             "conversion_action_resource_name":"c","api_key":"ak-SECRET"}
            """);

        Assert.Equal([new FieldError("credentials.developer_token", "must be a string"), new FieldError("credentials.api_key", "is not a known field")], errors);
    }

    [Fact]
    public void Read_SeededThenStored_GoogleAdsCredentialsWithEveryField()
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(SeedJson)!;

        var credentials = GoogleAdsCredentials.From(new SiteCredentials("site-1", GoogleAdsCredentialSchema.Schema, values));

        Assert.Equal(new GoogleAdsCredentials("1234567890", "dt-SECRET", "ci", "cs-SECRET", "rt-SECRET", "customers/1234567890/conversionActions/42", "555"), credentials);
    }

    [Fact]
    public void ToString_OfStoredCredentials_RedactsTheSchemasSecrets()
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(SeedJson)!;

        var text = new SiteCredentials("site-1", GoogleAdsCredentialSchema.Schema, values).ToString();

        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        Assert.Contains("customer_id = 1234567890", text, StringComparison.Ordinal);
    }
}
