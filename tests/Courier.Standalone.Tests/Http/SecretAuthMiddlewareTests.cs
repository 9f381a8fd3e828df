using System.Net;
using System.Text.Json;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;

namespace Courier.Standalone.Tests.Http;

public sealed class SecretAuthMiddlewareTests : IAsyncLifetime
{
    private CourierTestHost _host = null!;

    public static TheoryData<string, string, string> AcceptedCarriers()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var twin in JobCatalog.Twins)
        {
            foreach (var method in twin.Methods)
            {
                foreach (var carrier in SecretRequests.CarriersOf(twin.Auth)) data.Add(twin.Name, method, carrier);
            }
        }

        return data;
    }

    public static TheoryData<string> Twins()
    {
        var data = new TheoryData<string>();
        foreach (var twin in JobCatalog.Twins) data.Add(twin.Name);
        return data;
    }

    public async Task InitializeAsync() =>
        _host = await CourierTestHost.StartAsync(services: s =>
        {
            EchoJobs.AddAll(s);
        });

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(AcceptedCarriers))]
    public async Task InvokeAsync_AcceptedCarrierWithRightSecret_RunsTheTwin(string twinName, string method, string carrier)
    {
        var twin = JobCatalog.Find(twinName)!;

        using var response = await _host.Client.SendAsync(SecretRequests.Build(twin, method, carrier, TestSecrets.Of(twin.Auth.SecretSetting!)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(twin.Job, body.RootElement.GetProperty("job").GetString());
        Assert.Equal("Http", body.RootElement.GetProperty("trigger").GetString());
    }

    [Theory]
    [MemberData(nameof(AcceptedCarriers))]
    public async Task InvokeAsync_AcceptedCarrierWithWrongSecret_Answers401OrArtifact404(string twinName, string method, string carrier)
    {
        var twin = JobCatalog.Find(twinName)!;

        using var response = await _host.Client.SendAsync(SecretRequests.Build(twin, method, carrier, TestSecrets.Of(twin.Auth.SecretSetting!) + "x"));

        Assert.Equal(twin.Auth.NotFoundOnFailure ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task InvokeAsync_NoSecret_Answers401OrArtifact404(string twinName)
    {
        var twin = JobCatalog.Find(twinName)!;

        using var response = await _host.Client.SendAsync(SecretRequests.Build(twin, twin.Methods[0], null, null));

        Assert.Equal(twin.Auth.NotFoundOnFailure ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task InvokeAsync_RightSecretOnACarrierTheRouteDoesNotAccept_IsRefused(string twinName)
    {
        var twin = JobCatalog.Find(twinName)!;
        var secret = TestSecrets.Of(twin.Auth.SecretSetting!);
        var refused = twin.Auth.NotFoundOnFailure ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized;

        if (!twin.Auth.AcceptsQuery)
        {
            using var byQuery = await _host.Client.SendAsync(SecretRequests.Build(twin, twin.Methods[0], "query", secret));
            Assert.Equal(refused, byQuery.StatusCode);
        }

        if (twin.Auth.HeaderName is null)
        {
            using var byHeader = await _host.Client.SendAsync(SecretRequests.Build(twin, twin.Methods[0], "header", secret));
            Assert.Equal(refused, byHeader.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task InvokeAsync_ApiSecretOnATwin_IsRefused(string twinName)
    {
        var twin = JobCatalog.Find(twinName)!;

        using var response = await _host.Client.SendAsync(SecretRequests.Build(twin, twin.Methods[0], "bearer", TestSecrets.Api));

        Assert.Equal(twin.Auth.NotFoundOnFailure ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_CronSecretOnStatusApi_Answers401()
    {
        using var response = await _host.Client.SendAsync(SecretRequests.Build(JobCatalog.Find("courier-status")!, "GET", "bearer", TestSecrets.Cron));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task InvokeAsync_ApiSecretOnStatusApi_Answers200()
    {
        using var response = await _host.Client.SendAsync(SecretRequests.Build(JobCatalog.Find("courier-status")!, "GET", "bearer", TestSecrets.Api));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_Refusal_NeverEchoesTheSecret()
    {
        var twin = JobCatalog.TwinOf(SocialJob.Name)!;

        using var response = await _host.Client.SendAsync(SecretRequests.Build(twin, "GET", "query", "wrong-" + TestSecrets.Cron));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(TestSecrets.Cron, body, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.Cron, response.Headers.ToString(), StringComparison.Ordinal);
    }
}
