using System.Text.Json;
using Azure.Data.Tables;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Conversions;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Storms;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.BadInput;

/// <summary>
/// Rows spoiled in storage behind Courier's back (an unreadable payload, a state no code knows, a payload of the wrong
/// type): each such item ends alone with a readable reason while the run goes on and the healthy items complete.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CorruptRowTests(ReliabilityReport report) : SandboxedTest
{

    [Fact]
    public async Task CorruptQueueRows_WrittenDirectly_FailAloneWithAReasonWhileTheRunCompletesTheRest()
    {
        var site = AdsSite.Create();
        var settings = Sandbox.GoogleAdsSettings();
        settings["environment"] = "Development";
        await using var host = await StormHosts.StartAsync(Azurite, settings, (services, configuration) => services.AddConversions(configuration), new FakeTimeProvider(DateTimeOffset.UtcNow));
        await StormHosts.SendOkAsync(host, "/api/cron/providers/seed-credentials", TestSecrets.Cron, site.SeedBody());
        var spoil = new Dictionary<string, Action<TableEntity>>(StringComparer.Ordinal)
        {
            ["spoiled-json"] = e => e["payload"] = "{\"siteId\": \"x\", \"saleId\": ",
            ["spoiled-state"] = e => e["state"] = "Exploded",
            ["spoiled-type"] = e => e["payload"] = 42,
        };
        foreach (var sale in spoil.Keys.Append("good-1").Append("good-2")) await StormHosts.SendOkAsync(host, "/api/conversions", TestSecrets.Api, site.Sale(sale));

        var table = Azurite.CreateTableServiceClient().GetTableClient(host.App.Configuration["Storage:TablePrefix"] + "Queue");
        var rows = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            var id = entity.GetString("id") ?? "";
            var key = spoil.Keys.FirstOrDefault(k => id.EndsWith(":" + k, StringComparison.Ordinal));
            if (key is null) continue;
            spoil[key](entity);
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
            rows++;
        }

        Assert.True(rows >= spoil.Count, $"spoiled {rows} rows");
        var (status, body) = await StormHosts.SendAsync(host, "/api/cron/process-offline-conversions", TestSecrets.Cron, null);
        Assert.True(status == 200, $"run: {status} {body}");

        var queue = host.Services.GetRequiredService<ConversionsQueue>();
        var outcomes = new List<string>();
        foreach (var sale in spoil.Keys)
        {
            var item = await queue.GetAsync(site.SiteId, sale);
            Assert.NotNull(item);
            outcomes.Add($"{sale}: {item.State} ({item.LastError})");
            if (sale == "spoiled-state")
            {
                // The due index still names the item: the store reads it as waiting, marked corrupt, and the run handles it like any other.
                Assert.True(item.State is QueueState.Completed or QueueState.Failed or QueueState.Unknown, outcomes[^1]);
                continue;
            }

            Assert.True(item.State is QueueState.Failed, outcomes[^1]);
            Assert.Contains("payload unreadable", item.LastError, StringComparison.Ordinal);
        }

        foreach (var sale in new[] { "good-1", "good-2" }) Assert.Equal(QueueState.Completed, (await queue.GetAsync(site.SiteId, sale))!.State);
        report.Record(new BadInputRow("queue rows spoiled in storage (conversions)", spoil.Count, spoil.Count, 0, 0,
            "each ended alone (" + string.Join("; ", outcomes.Select(o => o.Length > 90 ? o[..90] + "…" : o)) + "); the 2 healthy items completed in the same run"));
    }
}
