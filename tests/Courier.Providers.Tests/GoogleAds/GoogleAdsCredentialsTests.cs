using System.Text.Json;
using Courier.Core.Credentials;
using Courier.Providers.GoogleAds;

namespace Courier.Providers.Tests.GoogleAds;

public sealed class GoogleAdsCredentialsTests
{
    [Fact]
    public void ToString_Always_PrintsIdsButNoSecret()
    {
        var text = ProviderServices.Credentials(loginCustomerId: "9876543210").ToString();

        Assert.Contains("123-456-7890", text, StringComparison.Ordinal);
        Assert.Contains("9876543210", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderServices.RefreshToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderServices.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderServices.DeveloperToken, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_SeedJsonInSnakeCase_AllFieldsRead()
    {
        const string json = """
            {"customer_id":"1234567890","developer_token":"dt","client_id":"ci","client_secret":"cs","refresh_token":"rt",
             "conversion_action_resource_name":"customers/1234567890/conversionActions/42","login_customer_id":"555"}
            """;

        var credentials = JsonSerializer.Deserialize<GoogleAdsCredentials>(json);

        Assert.Equal(
            new GoogleAdsCredentials("1234567890", "dt", "ci", "cs", "rt", "customers/1234567890/conversionActions/42", "555"),
            credentials);
    }

    [Fact]
    public void From_WithoutLoginCustomer_NullLoginCustomerId()
    {
        var stored = new SiteCredentials("site-1", GoogleAdsCredentialSchema.Schema, new Dictionary<string, string>
        {
            ["customer_id"] = "1", ["developer_token"] = "dt", ["client_id"] = "ci", ["client_secret"] = "cs", ["refresh_token"] = "rt",
            ["conversion_action_resource_name"] = "customers/1/conversionActions/2", ["login_customer_id"] = " ",
        });

        Assert.Null(GoogleAdsCredentials.From(stored).LoginCustomerId);
    }

    [Fact]
    public void From_AnotherProvidersCredentials_ThrowsNamingProvidersOnly()
    {
        var other = new SiteCredentials("site-1", new CredentialSchema("meta", [CredentialField.RequiredSecret("page_token")]), new Dictionary<string, string> { ["page_token"] = "EAAB-SECRET" });

        var ex = Assert.Throws<ArgumentException>(() => GoogleAdsCredentials.From(other));

        Assert.StartsWith("credentials of provider 'meta' are not google_ads credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
    }
}
