using System.Net;
using Courier.Core.Jobs;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs;

public sealed class JobServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCourierJob_NameNotInTheCatalog_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCourierJob<EchoJob>(RecoveryJob.Descriptor with { Name = "no-such-job" }));
        Assert.StartsWith("'no-such-job' is not a job of the catalog; jobs are: partner-delivery-run-pending, artifact-worker,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCourierJob_SameNameTwice_Throws()
    {
        var services = new ServiceCollection();
        services.AddCourierJob<EchoJob>(RecoveryJob.Descriptor);
        var error = Assert.Throws<InvalidOperationException>(() => services.AddCourierJob<EchoJob>(RecoveryJob.Descriptor));
        Assert.Equal("job 'recover-processing' is registered twice.", error.Message);
    }

    [Fact]
    public async Task AddCourierJob_ProcessorNameDiffers_FailsAtStartUp()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CourierTestHost.StartAsync(services: s => s.AddCourierJob<FixedNameJob>(RecoveryJob.Descriptor)));
        Assert.Contains("job registered as 'recover-processing' reports Name 'something-else'; they must match.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleApi_ApiHandlers_AnswerBehindTheirCatalogAuth()
    {
        // Development: seed-credentials is a development-only API, refused in Production before any secret is read.
        await using var host = await CourierTestHost.StartAsync(new Dictionary<string, string?> { ["environment"] = "Development" }, services: s => EchoJobs.Add(s, ConversionsJob.Name));
        var enqueue = JobCatalog.Find(ConversionsJob.Enqueue)!;
        var seed = JobCatalog.Find(ConversionsJob.SeedCredentials)!;

        using var withApi = await host.Client.SendAsync(SecretRequests.Build(enqueue, "POST", "bearer", TestSecrets.Api));
        using var withCron = await host.Client.SendAsync(SecretRequests.Build(enqueue, "POST", "bearer", TestSecrets.Cron));
        using var seedWithCron = await host.Client.SendAsync(SecretRequests.Build(seed, "POST", "bearer", TestSecrets.Cron));
        using var seedWithApi = await host.Client.SendAsync(SecretRequests.Build(seed, "POST", "bearer", TestSecrets.Api));

        Assert.Equal(HttpStatusCode.OK, withApi.StatusCode);
        Assert.Equal("{\"ok\":true,\"api\":\"conversions-enqueue\"}", await withApi.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, withCron.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seedWithCron.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, seedWithApi.StatusCode);
    }

    [Fact]
    public void HandleApi_FunctionNotAnApiOfTheJob_Throws()
    {
        var builder = new ServiceCollection().AddCourierJob<EchoJob>(RecoveryJob.Descriptor);
        var error = Assert.Throws<ArgumentException>(() => builder.HandleApi(ConversionsJob.Enqueue, _ => Task.FromResult(Results.Ok())));
        Assert.StartsWith("'conversions-enqueue' is not an API of job 'recover-processing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCourierJob_ApiWithoutHandler_FailsAtStartUpNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CourierTestHost.StartAsync(services: s =>
        {
            s.AddCourierJob<EchoJob>(ConversionsJob.Descriptor).HandleApi(ConversionsJob.Enqueue, _ => Task.FromResult(Results.Ok()));
            s.AddSingleton(new QueueDefinition(ConversionsQueue.Name, ConversionsJob.Name, null, new Dictionary<QueueState, string>()));
        }));
        Assert.Contains("job 'process-offline-conversions' has no handler for its API 'conversions-get' (GET /api/conversions/{siteId}/{saleId}); call HandleApi(\"conversions-get\", …).", error.Message, StringComparison.Ordinal);
        Assert.Contains("job 'process-offline-conversions' has no handler for its API 'credentials-seed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCourierJob_QueueNotRegistered_FailsAtStartUpNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CourierTestHost.StartAsync(services: s =>
        {
            var builder = s.AddCourierJob<EchoJob>(ConversionsJob.Descriptor);
            foreach (var api in ConversionsJob.Descriptor.Apis) builder.HandleApi(api.Name, _ => Task.FromResult(Results.Ok()));
        }));
        Assert.Equal(
            "Courier cannot start:" + Environment.NewLine +
            "job 'process-offline-conversions' drains queue 'conversions', but no queue 'conversions' is registered; register its QueueDefinition (services.AddSingleton(new QueueDefinition(\"conversions\", …))).",
            error.Message);
    }

    [Fact]
    public async Task AddCourierJob_QueueOwnedByAnotherJob_FailsAtStartUp()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CourierTestHost.StartAsync(services: s =>
        {
            var builder = s.AddCourierJob<EchoJob>(ConversionsJob.Descriptor);
            foreach (var api in ConversionsJob.Descriptor.Apis) builder.HandleApi(api.Name, _ => Task.FromResult(Results.Ok()));
            s.AddSingleton(new QueueDefinition(ConversionsQueue.Name, RecoveryJob.Name, null, new Dictionary<QueueState, string>()));
        }));
        Assert.Contains("queue 'conversions' is registered for job 'recover-processing', but job 'process-offline-conversions' names it.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A processor whose Name does not match its registration.</summary>
    private sealed class FixedNameJob : IJob
    {
        public string Name => "something-else";

        public Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
