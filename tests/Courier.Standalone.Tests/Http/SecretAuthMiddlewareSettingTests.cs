using System.Net;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;

namespace Courier.Standalone.Tests.Http;

/// <summary>The rules that depend on settings: unset secrets, the Disabled switch and RequireSecret.</summary>
public sealed class SecretAuthMiddlewareSettingTests
{
    public static TheoryData<string> Twins()
    {
        var data = new TheoryData<string>();
        foreach (var twin in JobCatalog.Twins) data.Add(twin.Name);
        return data;
    }

    private static void AllJobs(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        EchoJobs.AddAll(services);
    }

    [Fact]
    public async Task InvokeAsync_SecretSettingEmpty_Answers404ForEveryTwinAndApi()
    {
        // Outside Production: there a development-only function (seed-credentials) answers 403 before any secret is read.
        await using var host = await CourierTestHost.StartAsync(
            new Dictionary<string, string?> { ["environment"] = "Development", ["CRON_SECRET"] = "", ["RUN_PENDING_DELIVERIES_SECRET"] = "", ["API_SECRET"] = "" }, AllJobs);

        foreach (var entry in JobCatalog.Entries.Where(e => e.Auth.Kind == AuthKind.Secret))
        {
            foreach (var carrier in SecretRequests.CarriersOf(entry.Auth))
            {
                using var response = await host.Client.SendAsync(SecretRequests.Build(entry, entry.Methods[0], carrier, ""));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{entry.Name} by {carrier}: {response.StatusCode}");
            }
        }
    }

    [Theory]
    [InlineData("AzureWebJobs.recover-processing-http.Disabled")]
    [InlineData("AzureWebJobs_recover-processing-http_Disabled")]
    public async Task InvokeAsync_TwinDisabled_Answers404(string key)
    {
        await using var host = await CourierTestHost.StartAsync(new Dictionary<string, string?> { [key] = "true" }, AllJobs);
        var twin = JobCatalog.TwinOf(RecoveryJob.Name)!;

        using var disabled = await host.Client.SendAsync(SecretRequests.Build(twin, "POST", "bearer", TestSecrets.Cron));
        using var other = await host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(WriteBackJob.Name)!, "POST", "bearer", TestSecrets.Cron));

        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_DoubleUnderscoreDisabledForm_IsIgnoredAsTheHostIgnoresIt()
    {
        // AzureWebJobs__<fn>__Disabled arrives as AzureWebJobs:<fn>:Disabled; the Functions host does not honour it.
        await using var host = await CourierTestHost.StartAsync(new Dictionary<string, string?> { ["AzureWebJobs:recover-processing-http:Disabled"] = "true" }, AllJobs);

        using var response = await host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(RecoveryJob.Name)!, "POST", "bearer", TestSecrets.Cron));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_RequireSecretFalseStandalone_StillRequiresTheSecret()
    {
        await using var host = await CourierTestHost.StartAsync(new Dictionary<string, string?> { ["Http:RequireSecret"] = "false" }, AllJobs);

        using var response = await host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(RecoveryJob.Name)!, "POST", null, null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(host.Logs.Lines, l => l.Contains("require_secret_ignored", StringComparison.Ordinal));
    }
}
