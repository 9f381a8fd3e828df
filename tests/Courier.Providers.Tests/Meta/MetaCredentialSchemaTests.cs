using Courier.Core.Credentials;
using Courier.Providers.Meta;

namespace Courier.Providers.Tests.Meta;

public sealed class MetaCredentialSchemaTests
{
    [Fact]
    public void Schema_OneSecretAccessToken()
    {
        var field = Assert.Single(MetaCredentialSchema.Schema.Fields);

        Assert.Equal(("meta", "access_token", true, true), (MetaCredentialSchema.ProviderKey, field.Name, field.Required, field.Secret));
    }

    [Fact]
    public void From_StoredCredentials_ReadsTokenAndPrintsNoSecret()
    {
        var stored = new SiteCredentials("conn-1", MetaCredentialSchema.Schema, new Dictionary<string, string> { ["access_token"] = "EAAB-secret" });

        var credentials = MetaCredentials.From(stored);

        Assert.Equal("EAAB-secret", credentials.AccessToken);
        Assert.DoesNotContain("EAAB", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB", stored.ToString(), StringComparison.Ordinal);
    }
}
