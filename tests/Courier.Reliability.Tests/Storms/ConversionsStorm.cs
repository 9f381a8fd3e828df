using Courier.Core.Jobs.Conversions;
using Courier.Hosting.Jobs.Conversions;
using Courier.Reliability.Tests.Inputs;
using Courier.Sandbox.GoogleAds;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storms;

/// <summary>Offline conversions against the Google Ads sandbox: the side effect is an accepted row per order id.</summary>
public sealed class ConversionsStorm : StormJob
{
    private readonly AdsSite _site = AdsSite.Create();

    public override string Job => ConversionsJob.Name;

    public override string Target => "googleads";

    public override string Route => "ads.upload";

    public override string Queue => ConversionsQueue.Name;

    public override string PathContains => _site.CustomerId;

    public override Task<CourierTestHost> StartAsync(AzuriteFixture azurite, SandboxHost sandbox, FakeTimeProvider time)
    {
        var settings = sandbox.GoogleAdsSettings();
        settings["environment"] = "Development";
        settings["ProviderHttp:MaxRetries"] = "0";
        return StormHosts.StartAsync(azurite, settings, (services, configuration) => services.AddConversions(configuration), time);
    }

    public override async Task SetupAsync(CourierTestHost host, SandboxHost sandbox, FakeTimeProvider time, int items)
    {
        await StormHosts.SendOkAsync(host, "/api/cron/providers/seed-credentials", TestSecrets.Cron, _site.SeedBody());
        for (var i = 0; i < items; i++) await StormHosts.SendOkAsync(host, "/api/conversions", TestSecrets.Api, _site.Sale($"storm-{i}"));
    }

    public override Task<(int Status, string Body)> RunAsync(CourierTestHost host) => StormHosts.SendAsync(host, "/api/cron/process-offline-conversions", TestSecrets.Cron, null);

    public override async Task<IReadOnlyList<StormCall>> CallsAsync(SandboxHost sandbox) =>
        [.. (await sandbox.Control.GetLedgerAsync<AdsUploadCall>(Route)).Where(c => c.CustomerId == _site.CustomerId).OrderBy(c => c.Sequence).Select(c => new StormCall(c.CustomerId, c.Status, c.Fault))];

    public override async Task<IReadOnlyDictionary<string, int>> SideEffectsAsync(SandboxHost sandbox) =>
        (await sandbox.Control.GetLedgerAsync<AdsUploadCall>(Route)).Where(c => c.CustomerId == _site.CustomerId)
            .SelectMany(c => c.Rows).Where(r => r.Accepted).GroupBy(r => r.OrderId ?? "").ToDictionary(g => g.Key, g => g.Count());
}
