using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Courier.Hosting.Tests.Http;

public sealed class LogRedactorTests
{
    private readonly LogRedactor _redactor = new(new ConfigurationBuilder().AddInMemoryCollection([new("CRON_SECRET", "cron-value-1"), new("API_SECRET", "api-value-2")]).Build());

    [Fact]
    public void Query_SecretLikeKeys_AreMasked() =>
        Assert.Equal("?limit=5&secret=***&code=***&token=***", _redactor.Query(new QueryString("?limit=5&secret=abc&code=k&token=t")));

    [Fact]
    public void Query_ConfiguredSecretUnderAnyKey_IsMasked() =>
        Assert.Equal("?note=x***y", _redactor.Query(new QueryString("?note=xcron-value-1y")));

    [Fact]
    public void Text_ConfiguredSecrets_AreReplaced() =>
        Assert.Equal("a *** b ***", _redactor.Text("a cron-value-1 b api-value-2"));

    [Fact]
    public void Query_Empty_IsEmpty() => Assert.Equal("", _redactor.Query(QueryString.Empty));
}
