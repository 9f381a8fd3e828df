using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Circuits;

/// <summary><c>POST /api/circuits/{siteId}/{providerKey}/close</c> on a held circuit: closed, and the rows that waited for it due at once.</summary>
public sealed class CircuitCloseEndpointTests
{
    private static readonly CircuitKey Held = new("shop-1", "google_ads");

    [Fact]
    public async Task Close_HeldCircuit_ClosesItAndWakesOnlyTheRowsThatWaitedForIt()
    {
        await using var host = await CourierTestHost.StartAsync(services: s => EchoJobs.Add(s, ConversionsJob.Name));
        var time = host.Services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var store = host.Services.GetRequiredService<ICircuitStore>();
        Assert.True(await store.TryWriteAsync(CircuitRecord.ClosedFor(Held, 5) with { State = CircuitState.Held, HoldReason = "CREDENTIALS_REJECTED", HoldMessage = "invalid_grant", UpdatedAt = now }, default));
        var queue = host.Services.GetRequiredService<WorkQueue>();
        await WaitingAsync(queue, "shop-1:a", "shop-1", "CREDENTIALS_REJECTED: invalid_grant", now.AddMinutes(10));
        await WaitingAsync(queue, "shop-1:b", "shop-1", "CREDENTIALS_REJECTED: invalid_grant", now.AddMinutes(10));
        await WaitingAsync(queue, "shop-2:a", "shop-2", "CREDENTIALS_REJECTED: invalid_grant", now.AddMinutes(10));

        using var response = await PostAsync(host, "/api/circuits/shop-1/google_ads/close", TestSecrets.Api);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("rowsWoken").GetInt32());
        Assert.Equal("CLOSED", body.RootElement.GetProperty("circuit").GetProperty("state").GetString());
        Assert.Equal(CircuitState.Closed, (await store.GetAsync(Held, default))!.State);
        var stats = await queue.GetStatsAsync(ConversionsQueue.Name);
        Assert.Equal(2, (await host.Services.GetRequiredService<IQueueStore>().ListDueAsync(ConversionsQueue.Name, time.GetUtcNow(), 10, default)).Count);
        Assert.Equal(3, stats.Count(QueueState.Retry));
    }

    [Fact]
    public async Task Close_UnknownCircuitOrWrongSecret_404Or401AndNothingCreated()
    {
        await using var host = await CourierTestHost.StartAsync(services: s => EchoJobs.Add(s, ConversionsJob.Name));

        using var unknown = await PostAsync(host, "/api/circuits/nope/google_ads/close", TestSecrets.Api);
        using var cron = await PostAsync(host, "/api/circuits/nope/google_ads/close", TestSecrets.Cron);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Unauthorized), (unknown.StatusCode, cron.StatusCode));
        Assert.Null(await host.Services.GetRequiredService<ICircuitStore>().GetAsync(new CircuitKey("nope", "google_ads"), default));
    }

    private static async Task WaitingAsync(WorkQueue queue, string id, string site, string error, DateTimeOffset dueAt)
    {
        await queue.EnqueueAsync(ConversionsQueue.Name, id, "{}", groupKey: site);
        var item = (await queue.GetAsync(ConversionsQueue.Name, id))!;
        var next = QueueTransitions.Postpone(item, null, item.UpdatedAt, dueAt, error);
        Assert.True((await queue.ApplyAsync([new ItemTransition(item, next.Next!)])).Single().Applied);
    }

    private static async Task<HttpResponseMessage> PostAsync(CourierTestHost host, string path, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await host.Client.SendAsync(request);
    }
}
