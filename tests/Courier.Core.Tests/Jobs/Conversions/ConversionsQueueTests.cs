using System.Text.Json;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using static Courier.Core.Tests.Jobs.Conversions.ConversionsHarness;

namespace Courier.Core.Tests.Jobs.Conversions;

public sealed class ConversionsQueueTests
{
    private readonly ConversionsHarness _h = new();

    [Fact]
    public async Task EnqueueAsync_New_QueuedUnderSiteAndSaleGroupedBySite()
    {
        var result = await _h.Queue.EnqueueAsync(Payload("site-1", "sale-1"));

        Assert.True(result.Created);
        Assert.Equal("site-1:sale-1", result.Item.Id);
        Assert.Equal(QueueState.Queued, result.Item.State);
        Assert.Equal("site-1", result.Item.GroupKey);
        Assert.Equal(_h.Now, result.Item.DueAt);
    }

    [Fact]
    public async Task EnqueueAsync_SameSaleAgain_ReturnsExistingUnchanged()
    {
        var first = await _h.Queue.EnqueueAsync(Payload("site-1", "sale-1"));

        var again = await _h.Queue.EnqueueAsync(Payload("site-1", "sale-1") with { Value = 999m, ClickId = "other" });

        Assert.False(again.Created);
        Assert.Equal(first.Item, again.Item);
        Assert.Equal(19.90m, JsonSerializer.Deserialize<ConversionPayload>(again.Item.Payload, ConversionsQueue.Json)!.Value);
    }

    [Fact]
    public async Task EnqueueAsync_SameSaleOfAnotherSite_SeparateItem()
    {
        await _h.Queue.EnqueueAsync(Payload("site-1", "sale-1"));

        Assert.True((await _h.Queue.EnqueueAsync(Payload("site-2", "sale-1"))).Created);
    }

    [Fact]
    public void Json_Payload_RoundTripsWithEnumAsName()
    {
        var payload = Payload("site-1", "sale-1") with { ClickIdKind = ClickIdKind.Wbraid };

        var json = JsonSerializer.Serialize(payload, ConversionsQueue.Json);

        Assert.Contains("\"clickIdKind\":\"Wbraid\"", json);
        Assert.Equal(payload, JsonSerializer.Deserialize<ConversionPayload>(json, ConversionsQueue.Json));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"siteId\":\"site-1\"}")]
    [InlineData("{\"siteId\":null,\"saleId\":\"x\",\"clickIdKind\":\"Gclid\",\"clickId\":\"c\",\"conversionDateTime\":\"2025-03-01T10:00:00+01:00\",\"value\":1,\"currency\":\"EUR\",\"orderId\":\"x\"}")]
    public void Json_MissingOrNullField_Unreadable(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ConversionPayload>(json, ConversionsQueue.Json));
    }

    [Fact]
    public void Definition_UsesTheApiStateNames()
    {
        var definition = ConversionsQueue.Definition(10);

        Assert.Equal("conversions", definition.Name);
        Assert.Equal(ConversionsProcessor.JobName, definition.Job);
        Assert.Equal(10, definition.MaxAttempts);
        Assert.Equal(["QUEUED", "PROCESSING", "RETRY", "COMPLETED", "FAILED"], new[] { QueueState.Queued, QueueState.Processing, QueueState.Retry, QueueState.Completed, QueueState.Failed }.Select(s => definition.StateNames[s]));
    }
}
