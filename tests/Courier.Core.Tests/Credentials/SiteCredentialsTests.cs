using System.Text.Json;
using Courier.Core.Credentials;

namespace Courier.Core.Tests.Credentials;

public sealed class SiteCredentialsTests
{
    private static readonly CredentialSchema Schema = new("meta", [new("page_id"), CredentialField.RequiredSecret("page_token"), CredentialField.Optional("app_id"), CredentialField.Optional("app_secret") with { Secret = true }]);

    private static SiteCredentials Create(Dictionary<string, string> values) => new("site-1", Schema, values);

    private static SiteCredentials Complete() =>
        Create(new() { ["page_id"] = "page-42", ["page_token"] = "EAAB-token-SECRET", ["app_id"] = "app-7", ["app_secret"] = "appsec-SECRET" });

    [Fact]
    public void ToString_Always_PrintsIdsAndRedactsEverySecretField()
    {
        var text = Complete().ToString();

        Assert.Equal("SiteCredentials { SiteId = site-1, ProviderKey = meta, page_id = page-42, page_token = [redacted], app_id = app-7, app_secret = [redacted] }", text);
    }

    [Fact]
    public void Serialize_Always_ShowsNoValue()
    {
        var json = JsonSerializer.Serialize(Complete());

        Assert.DoesNotContain("SECRET", json);
        Assert.DoesNotContain("page-42", json);
    }

    [Fact]
    public void Get_DeclaredFields_Values()
    {
        var credentials = Complete();

        Assert.Equal(("page-42", "EAAB-token-SECRET"), (credentials.Get("page_id"), credentials.Get("page_token")));
        Assert.Equal("meta", credentials.ProviderKey);
    }

    [Fact]
    public void Get_AbsentField_ThrowsNamingItWithoutValues()
    {
        var credentials = Create(new() { ["page_id"] = "page-42", ["page_token"] = "EAAB-token-SECRET" });

        var ex = Assert.Throws<KeyNotFoundException>(() => credentials.Get("app_id"));

        Assert.Equal("meta credentials of site site-1 have no field app_id", ex.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void GetOptional_AbsentOrBlank_Null(string? value)
    {
        var values = new Dictionary<string, string> { ["page_id"] = "page-42", ["page_token"] = "EAAB-token-SECRET" };
        if (value is not null) values["app_id"] = value;

        Assert.Null(Create(values).GetOptional("app_id"));
    }

    [Fact]
    public void Constructor_RequiredMissingOrUndeclared_ThrowsNamingFieldsWithoutValues()
    {
        var missing = Assert.Throws<ArgumentException>(() => Create(new() { ["page_id"] = "page-42" }));
        var undeclared = Assert.Throws<ArgumentException>(() => Create(new() { ["page_id"] = "page-42", ["page_token"] = "EAAB-token-SECRET", ["stray"] = "stray-SECRET" }));

        Assert.StartsWith("meta credentials lack page_token", missing.Message);
        Assert.StartsWith("meta credentials declare no field stray", undeclared.Message);
        Assert.DoesNotContain("SECRET", undeclared.Message);
    }
}
