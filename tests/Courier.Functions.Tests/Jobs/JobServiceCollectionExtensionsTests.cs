using System.Net;
using Courier.Core.Jobs;
using Courier.Functions.Catalog;
using Courier.Functions.Http;
using Courier.Functions.Jobs;
using Courier.Functions.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Functions.Tests.Jobs;

public sealed class JobServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCourierJob_NameNotInTheCatalog_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCourierJob<EchoJob>("no-such-job"));
        Assert.StartsWith("'no-such-job' is not a job of the catalog; jobs are: partner-delivery-run-pending, artifact-worker,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCourierJob_SameNameTwice_Throws()
    {
        var services = new ServiceCollection();
        services.AddCourierJob<EchoJob>(JobCatalog.Recovery);
        var error = Assert.Throws<InvalidOperationException>(() => services.AddCourierJob<EchoJob>(JobCatalog.Recovery));
        Assert.Equal("job 'recover-processing' is registered twice.", error.Message);
    }

    [Fact]
    public async Task AddCourierJob_ProcessorNameDiffers_FailsAtStartUp()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CourierTestHost.StartAsync(services: s => s.AddCourierJob<FixedNameJob>(JobCatalog.Recovery)));
        Assert.Equal("job registered as 'recover-processing' reports Name 'something-else'; they must match.", error.Message);
    }

    [Fact]
    public async Task MapEndpoints_ApiRoutesWithRequireApiSecret_AcceptApiSecretOnly()
    {
        await using var host = await CourierTestHost.StartAsync(services: s => s.AddCourierJob<EchoJob>(JobCatalog.Conversions).MapEndpoints(e =>
        {
            e.MapPost("/api/conversions", () => Results.Accepted()).RequireApiSecret();
            e.MapGet("/api/conversions/{siteId}/{saleId}", () => Results.Ok()).RequireApiSecret();
            e.MapPost("/api/cron/providers/seed-credentials", () => Results.Ok()).RequireCatalogAuth("credentials-seed");
        }));
        var enqueue = JobCatalog.Find("conversions-enqueue")!;
        var seed = JobCatalog.Find("credentials-seed")!;

        using var withApi = await host.Client.SendAsync(SecretRequests.Build(enqueue, "POST", "bearer", TestSecrets.Api));
        using var withCron = await host.Client.SendAsync(SecretRequests.Build(enqueue, "POST", "bearer", TestSecrets.Cron));
        using var seedWithCron = await host.Client.SendAsync(SecretRequests.Build(seed, "POST", "bearer", TestSecrets.Cron));
        using var seedWithApi = await host.Client.SendAsync(SecretRequests.Build(seed, "POST", "bearer", TestSecrets.Api));

        Assert.Equal(HttpStatusCode.Accepted, withApi.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withCron.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seedWithCron.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, seedWithApi.StatusCode);
    }

    [Fact]
    public async Task MapEndpoints_RouteOutsideTheCatalog_FailsAtStartUp()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CourierTestHost.StartAsync(services: s => s.AddCourierJob<EchoJob>(JobCatalog.Recovery).MapEndpoints(e =>
            e.MapPost("/api/recovery/extra", () => Results.Ok()).RequireApiSecret())));
        Assert.Equal("endpoint POST /api/recovery/extra is not in the catalog, so the Functions host would not forward it; add it to JobCatalog.", error.Message);
    }

    [Fact]
    public async Task MapEndpoints_CatalogRouteWithoutItsAuth_FailsAtStartUp()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CourierTestHost.StartAsync(services: s => s.AddCourierJob<EchoJob>(JobCatalog.Conversions).MapEndpoints(e =>
            e.MapPost("/api/conversions", () => Results.Ok()))));
        Assert.Contains("endpoint POST /api/conversions must carry the auth of catalog function 'conversions-enqueue' (.RequireApiSecret() or .RequireCatalogAuth(\"conversions-enqueue\")).", error.Message, StringComparison.Ordinal);
        Assert.Contains("catalog function 'credentials-seed' (POST /api/cron/providers/seed-credentials) has no endpoint; job 'process-offline-conversions' must map it.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A processor whose Name does not match its registration.</summary>
    private sealed class FixedNameJob : IJob
    {
        public string Name => "something-else";

        public Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
