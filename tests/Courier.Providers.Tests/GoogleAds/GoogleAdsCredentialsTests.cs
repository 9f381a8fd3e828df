using System.Text.Json;
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
}
