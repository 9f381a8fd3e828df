using Courier.TestUtils.Repository;
using Courier.Standalone.Hosting;
using Courier.Standalone.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Courier.Standalone.Tests.Hosting;

public sealed class CourierHostTests
{
    [Fact]
    public void CreateBuilder_Standalone_ListensOnLoopback7071ByDefault()
    {
        var builder = StandaloneHost.CreateBuilder([], new Dictionary<string, string?> { [StandaloneHost.LocalSettingsPathSetting] = "" });
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        Assert.True(urls is null or "" || urls == StandaloneHost.DefaultUrl || Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is not null);
        Assert.Equal(StandaloneHost.DefaultUrl, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void CreateBuilder_UrlsGiven_KeepsThem()
    {
        var builder = StandaloneHost.CreateBuilder(["--urls", "http://127.0.0.1:5099"], new Dictionary<string, string?> { [StandaloneHost.LocalSettingsPathSetting] = "" });
        Assert.Equal("http://127.0.0.1:5099", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void CreateBuilder_LocalSettingsFile_IsReadBelowTheEnvironment()
    {
        var variable = "COURIER_TEST_" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(Directory.CreateTempSubdirectory("courier-settings-").FullName, "local.settings.json");
        File.WriteAllText(file, $$"""
            { "IsEncrypted": false, "Values": { "Scheduling__HostId": "fromfile", "{{variable}}": "file", "AzureWebJobs.recover-processing.Disabled": "true" } }
            """);
        Environment.SetEnvironmentVariable(variable, "environment");
        try
        {
            var builder = StandaloneHost.CreateBuilder([], new Dictionary<string, string?> { [StandaloneHost.LocalSettingsPathSetting] = file });
            Assert.Equal("fromfile", builder.Configuration["Scheduling:HostId"]);
            Assert.Equal("environment", builder.Configuration[variable]);
            Assert.Equal("true", builder.Configuration["AzureWebJobs.recover-processing.Disabled"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            File.Delete(file);
        }
    }

    [Fact]
    public void LocalSettingsConfigurationProvider_MissingFile_AddsNothing()
    {
        var configuration = new ConfigurationBuilder().Add(new LocalSettingsConfigurationSource(Path.Combine(RepoRoot.Path, "no-such.json"))).Build();
        Assert.Empty(configuration.AsEnumerable());
    }

    [Fact]
    public void LocalSettingsSample_EverySettingTheHostReads_IsListed()
    {
        var sample = File.ReadAllText(Path.Combine(RepoRoot.Path, "local.settings.sample.json"));
        foreach (var setting in new[]
        {
            "FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage", "CRON_SECRET", "RUN_PENDING_DELIVERIES_SECRET", "API_SECRET", "VAULT_KEY",
            "Http__RequireSecret", "Http__TwinRateLimitPerMinute", "Scheduling__Enabled", "Scheduling__HostId", "Scheduling__LeaseDuration",
            "Scheduling__AcquireRetryInterval", "Scheduling__TimeZone", "Runs__RunBudget", "Runs__ClaimReserve", "Status__SessionLifetime",
            "Recovery__MinAge", "Recovery__BatchSize", "APPLICATIONINSIGHTS_CONNECTION_STRING",
        })
        {
            Assert.Contains($"\"{setting}\"", sample, StringComparison.Ordinal);
        }

        // Every schedule setting with its default: under the Functions host a %SETTING% that does not resolve stops the timer.
        foreach (var timer in Courier.Hosting.Catalog.JobCatalog.Timers) Assert.Contains($"\"{timer.ScheduleSetting}\": \"{timer.Schedule}\"", sample, StringComparison.Ordinal);
        Assert.Contains("\"FUNCTIONS_WORKER_RUNTIME\": \"dotnet-isolated\"", sample, StringComparison.Ordinal);
    }
}
