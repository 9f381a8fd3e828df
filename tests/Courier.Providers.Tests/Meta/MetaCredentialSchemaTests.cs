using Courier.Core.Credentials;
using Courier.Providers.Meta;

namespace Courier.Providers.Tests.Meta;

public sealed class MetaCredentialSchemaTests
{
    [Fact]
    public void Schema_SecretAccessTokenAndOptionalAccountIds()
    {
        var fields = MetaCredentialSchema.Schema.Fields;

        Assert.Equal("meta", MetaCredentialSchema.ProviderKey);
        Assert.Equal([("access_token", true, true), ("page_id", false, false), ("instagram_user_id", false, false)], fields.Select(f => (f.Name, f.Required, f.Secret)));
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
