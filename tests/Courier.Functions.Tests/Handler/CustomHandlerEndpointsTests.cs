using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Courier.Functions.Catalog;
using Courier.Functions.Jobs;
using Courier.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Functions.Tests.Handler;

public sealed class CustomHandlerEndpointsTests
{
    private static Dictionary<string, string?> UnderHost(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = CourierTestHost.FreePort().ToString(CultureInfo.InvariantCulture),
            ["urls"] = null,
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    private static StringContent Payload(bool pastDue) =>
        new("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":""" + (pastDue ? "true" : "false") + """}},"Metadata":{"sys":{"MethodName":"x"}}}""", Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(false, "Timer")]
    [InlineData(true, "PastDue")]
    public async Task InvokeAsync_TimerOfABuiltJob_Answers200WithReportAndLogs(bool pastDue, string trigger)
    {
        await using var host = await CourierTestHost.StartAsync(UnderHost(), s => EchoJobs.Add(s, JobCatalog.WriteBack));

        using var response = await host.Client.PostAsync("/sync-write-back", Payload(pastDue));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(body.RootElement.GetProperty("Outputs").EnumerateObject());
        Assert.Equal(trigger, body.RootElement.GetProperty("ReturnValue").GetProperty("trigger").GetString());
        var logs = body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(logs, l => l.Contains("of sync-write-back started by " + trigger, StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("finished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_UnderTheHost_FiresNoTimersItself()
    {
        await using var host = await CourierTestHost.StartAsync(UnderHost(("Scheduling:Enabled", "true")), s => EchoJobs.Add(s, JobCatalog.WriteBack));

        Assert.DoesNotContain(host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is Courier.Functions.Scheduling.TimerScheduler);
    }

    [Fact]
    public async Task InvokeAsync_RunInProgress_Answers200WithRunInProgress()
    {
        var gate = new JobGate();
        await using var host = await CourierTestHost.StartAsync(UnderHost(), s =>
        {
            s.AddSingleton(gate);
            s.AddCourierJob<GatedJob>(JobCatalog.Recovery);
        });

        var twin = host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(JobCatalog.Recovery)!, "POST", "bearer", TestSecrets.Cron));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        using var response = await host.Client.PostAsync("/recover-processing", Payload(false));
        gate.Release();
        using var twinResponse = await twin;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var value = body.RootElement.GetProperty("ReturnValue");
        Assert.False(value.GetProperty("ok").GetBoolean());
        Assert.Equal("run_in_progress", value.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(value.GetProperty("runId").GetString()));
    }

    [Fact]
    public async Task InvokeAsync_JobFails_Answers500WithLogs()
    {
        await using var host = await CourierTestHost.StartAsync(UnderHost(), s => s.AddCourierJob<FailingJob>(JobCatalog.Recovery));

        using var response = await host.Client.PostAsync("/recover-processing", Payload(false));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var logs = body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains("recover-processing is about to fail", logs);
        Assert.Contains("boom", body.RootElement.GetProperty("ReturnValue").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-function")]
    [InlineData("recover-processing-http")]
    [InlineData("courier-status")]
    public async Task InvokeAsync_NotATimerFunction_Answers404(string name)
    {
        await using var host = await CourierTestHost.StartAsync(UnderHost(), EchoJobs.AddAll);

        using var response = await host.Client.PostAsync("/" + name, Payload(false));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_DisabledTimer_Answers404()
    {
        await using var host = await CourierTestHost.StartAsync(UnderHost(("AzureWebJobs.recover-processing.Disabled", "true")), EchoJobs.AddAll);

        using var response = await host.Client.PostAsync("/recover-processing", Payload(false));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_JobNotBuilt_Answers501Problem()
    {
        await using var host = await CourierTestHost.StartAsync(UnderHost());

        using var response = await host.Client.PostAsync("/artifact-worker", Payload(false));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("job 'artifact-worker' is not built yet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_MalformedBody_Answers400()
    {
        await using var host = await CourierTestHost.StartAsync(UnderHost(), EchoJobs.AddAll);

        using var response = await host.Client.PostAsync("/recover-processing", new StringContent("{nope", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_Standalone_IsNotMapped()
    {
        await using var host = await CourierTestHost.StartAsync(services: EchoJobs.AddAll);

        using var response = await host.Client.PostAsync("/recover-processing", Payload(false));
        using var root = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
    }
}
