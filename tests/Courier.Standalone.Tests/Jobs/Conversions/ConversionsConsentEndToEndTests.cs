using System.Net;
using System.Text.Json.Nodes;
using Courier.TestUtils.Azurite;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>Consent end to end: the request's consent, else the site's default, is what Google receives (the sandbox ledger says).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConversionsConsentEndToEndTests(AzuriteFixture azurite, ConversionsSandbox sandbox) : IClassFixture<ConversionsSandbox>
{
    [Fact]
    public async Task RunTwin_ConsentGivenOrNot_RequestWinsAndTheSiteDefaultFillsTheRest()
    {
        var site = TestSite.Create();
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox, new Dictionary<string, string?>
        {
            [$"Conversions:SiteConsent:{site.SiteId}:AdUserData"] = "DENIED",
            [$"Conversions:SiteConsent:{site.SiteId}:AdPersonalization"] = "DENIED",
        });
        var api = new ConversionsApi(host);
        await api.SeedOkAsync(site);
        var given = site.Sale("with-consent");
        given["consent"] = new JsonObject { ["adUserData"] = "GRANTED" };
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(given)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("without-consent"))).Status);

        ConversionsApi.AssertReport(await api.RunAsync(), processed: 2, completed: 2, failed: 0, retry: 0);

        var rows = (await sandbox.UploadsForAsync(site.CustomerId)).SelectMany(c => c.Rows).ToDictionary(r => r.OrderId!);
        Assert.Equal(("GRANTED", "DENIED"), (rows["with-consent"].ConsentAdUserData, rows["with-consent"].ConsentAdPersonalization));
        Assert.Equal(("DENIED", "DENIED"), (rows["without-consent"].ConsentAdUserData, rows["without-consent"].ConsentAdPersonalization));
        Assert.All(rows.Values, r => Assert.True(r.Accepted));
    }

    [Fact]
    public async Task RunTwin_NoConsentAnywhere_NoConsentSent()
    {
        var site = TestSite.Create();
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);
        await api.SeedOkAsync(site);
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("plain"))).Status);

        await api.RunAsync();

        var row = Assert.Single((await sandbox.UploadsForAsync(site.CustomerId)).SelectMany(c => c.Rows));
        Assert.Equal((null, null), (row.ConsentAdUserData, row.ConsentAdPersonalization));
    }

    [Theory]
    [InlineData("adUserData", "granted")]
    [InlineData("adPersonalization", "YES")]
    [InlineData("adStorage", "GRANTED")]
    public async Task Enqueue_BadConsent_Answers400NamingTheFieldAndStoresNothing(string field, string value)
    {
        var site = TestSite.Create();
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);
        var body = site.Sale("bad-consent");
        body["consent"] = new JsonObject { [field] = value };

        var answer = await api.EnqueueAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty($"consent.{field}", out _), answer.Text);
        Assert.Equal(0, await api.StoredCountAsync());
    }
}
