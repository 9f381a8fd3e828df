using System.Text.Json;
using Courier.Core.Credentials;
using Courier.Providers.Sheets;

namespace Courier.Providers.Tests.Sheets;

public sealed class SheetsCredentialSchemaTests
{
    [Fact]
    public void Schema_Always_OneRequiredSecretJsonField()
    {
        var schema = SheetsCredentialSchema.Schema;

        Assert.Equal("google_sheets", schema.ProviderKey);
        Assert.Equal([new CredentialField("service_account_json", Required: true, Secret: true)], schema.Fields);
    }

    [Fact]
    public void Validate_KeyJsonAsString_NoErrors()
    {
        var seed = JsonSerializer.Serialize(new { service_account_json = """{"type":"service_account","client_email":"a@b.c","private_key":"-----BEGIN PRIVATE KEY-----\n…"}""" });

        Assert.Empty(SheetsCredentialSchema.Schema.Validate(JsonDocument.Parse(seed).RootElement));
    }

    [Fact]
    public void From_SiteCredentials_ReadsJsonAndToStringRedactsIt()
    {
        var site = new SiteCredentials("site-1", SheetsCredentialSchema.Schema, new Dictionary<string, string> { ["service_account_json"] = "{\"private_key\":\"SECRET\"}" });

        var credentials = SheetsCredentials.From(site);

        Assert.Equal("{\"private_key\":\"SECRET\"}", credentials.ServiceAccountJson);
        Assert.DoesNotContain("SECRET", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", site.ToString(), StringComparison.Ordinal);
    }
}
