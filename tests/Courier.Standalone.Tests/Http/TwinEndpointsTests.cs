using System.Net;
using System.Text.Json;
using Courier.Core.Runs;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Http;

public sealed class TwinEndpointsTests
{
    public static TheoryData<string> Twins()
    {
        var data = new TheoryData<string>();
        foreach (var twin in JobCatalog.Twins) data.Add(twin.Name);
        return data;
    }

    [Fact]
    public async Task RunAsync_Success_AnswersTheReportBodyInCamelCaseWithParameters()
    {
        await using var host = await CourierTestHost.StartAsync(services: EchoJobs.AddAll);

        using var response = await host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(ConversionsJob.Name)!, "POST", "bearer", TestSecrets.Cron, "limit=50&other=x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"ok":true,"job":"process-offline-conversions","trigger":"Http","parameters":{"limit":"50"}}""", await response.Content.ReadAsStringAsync());
        var runs = await host.Services.GetRequiredService<IRunStore>().ListRecentAsync(ConversionsJob.Name, 5, default);
        var run = Assert.Single(runs);
        Assert.Equal(RunTrigger.Http, run.Trigger);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
    }

    [Theory]
    [InlineData(RecoveryJob.Name, "min_age_minutes", "abc")]
    [InlineData(RecoveryJob.Name, "min_age_minutes", "-1")]
    [InlineData(RecoveryJob.Name, "min_age_minutes", "10081")]
    [InlineData(ConversionsJob.Name, "limit", "0")]
    [InlineData(ConversionsJob.Name, "limit", "10001")]
    [InlineData(ConversionsJob.Name, "limit", "1.5")]
    public async Task RunAsync_BadParameter_Answers400ProblemNamingItAndRunsNothing(string job, string parameter, string value)
    {
        await using var host = await CourierTestHost.StartAsync(services: EchoJobs.AddAll);

        using var response = await host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(job)!, "POST", "bearer", TestSecrets.Cron, $"{parameter}={Uri.EscapeDataString(value)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
        Assert.Contains(parameter, body.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Empty(await host.Services.GetRequiredService<IRunStore>().ListRecentAsync(job, 5, default));
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task RunAsync_JobNotBuilt_Answers501Problem(string twinName)
    {
        await using var host = await CourierTestHost.StartAsync();
        var twin = JobCatalog.Find(twinName)!;

        using var response = await host.Client.SendAsync(SecretRequests.Build(twin, twin.Methods[0], SecretRequests.CarriersOf(twin.Auth).First(), TestSecrets.Of(twin.Auth.SecretSetting!)));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"job '{twin.Job}' is not built yet", body.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RunAsync_ApiOfAJobNotBuilt_Answers501AfterItsAuth()
    {
        await using var host = await CourierTestHost.StartAsync();
        var api = JobCatalog.Find("conversions-enqueue")!;

        using var unauthorized = await host.Client.SendAsync(SecretRequests.Build(api, "POST", "bearer", TestSecrets.Cron));
        using var notBuilt = await host.Client.SendAsync(SecretRequests.Build(api, "POST", "bearer", TestSecrets.Api));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, notBuilt.StatusCode);
        Assert.Contains("job 'process-offline-conversions' is not built yet", await notBuilt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RunInProgress_Answers409WithTheHoldersRunId()
    {
        var gate = new JobGate();
        await using var host = await CourierTestHost.StartAsync(services: s =>
        {
            s.AddSingleton(gate);
            s.AddCourierJob<GatedJob>(RecoveryJob.Descriptor);
        });
        var twin = JobCatalog.TwinOf(RecoveryJob.Name)!;

        var first = host.Client.SendAsync(SecretRequests.Build(twin, "POST", "bearer", TestSecrets.Cron));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        using var second = await host.Client.SendAsync(SecretRequests.Build(twin, "POST", "bearer", TestSecrets.Cron));
        var holder = Assert.Single(await host.Services.GetRequiredService<IRunStore>().ListRecentAsync(RecoveryJob.Name, 5, default));
        gate.Release();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal($$"""{"runId":"{{holder.RunId}}","ok":false,"error":"run_in_progress"}""", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    [Fact]
    public async Task RunAsync_JobThrows_Answers500ProblemWithRunId()
    {
        await using var host = await CourierTestHost.StartAsync(services: s => s.AddCourierJob<FailingJob>(RecoveryJob.Descriptor));

        using var response = await host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(RecoveryJob.Name)!, "POST", "bearer", TestSecrets.Cron));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains("boom", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(await host.Services.GetRequiredService<IRunStore>().ListRecentAsync(RecoveryJob.Name, 5, default));
        Assert.Equal(run.RunId, body.RootElement.GetProperty("runId").GetString());
        Assert.Equal(RunOutcome.Failed, run.Outcome);
    }
}
