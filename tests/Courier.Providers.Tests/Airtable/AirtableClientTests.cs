using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Core.Errors;
using Courier.Providers.Airtable;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Control;
using Microsoft.Extensions.Logging.Testing;

namespace Courier.Providers.Tests.Airtable;

public sealed class AirtableClientTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime, IDisposable
{
    private const string Base = "appCLIENT000001";
    private const string Token = "patCLIENT.secret-token-value";
    private const string Table = "Creative Review Asset Status";
    private static readonly AirtableCredentials Credentials = new(Token);

    private readonly ServiceProvider services = DeliveryProviderServices.Build(sandbox.BaseAddress);

    private IAirtableClient Client => services.GetRequiredService<IAirtableClient>();

    public async Task InitializeAsync() => await sandbox.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => services.Dispose();

    private async Task SeedAsync(int records, JsonObject? fieldTypes = null)
    {
        var body = new JsonObject
        {
            ["baseId"] = Base,
            ["token"] = Token,
            ["tables"] = new JsonArray(new JsonObject
            {
                ["name"] = Table,
                ["fieldTypes"] = fieldTypes,
                ["records"] = new JsonArray([.. Enumerable.Range(1, records).Select(i => (JsonNode)new JsonObject
                {
                    ["id"] = $"rec{i:D4}",
                    ["fields"] = new JsonObject { ["Name"] = $"n{i}", ["Ready to Deliver (Webhook)"] = i % 2 == 1 },
                })]),
            }),
        };
        using var response = await sandbox.Http.PostAsJsonAsync("_sandbox/airtable/bases", body);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ListAsync_FormulaOverSeveralPages_ReturnsEveryMatchWithSelectedFields()
    {
        await sandbox.Http.PostAsJsonAsync("_sandbox/airtable/quota", new { requestsPerSecondPerBase = 1000 });
        await SeedAsync(430);

        var records = await Client.ListAsync(Credentials, Base, Table, "AND({Ready to Deliver (Webhook)} = TRUE(), {Delivered At} = BLANK())", ["Name"], CancellationToken.None);
        var lists = (await sandbox.Control.GetLedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName)).Where(c => c.Route == AirtableEndpoints.ListKey).ToList();

        Assert.Equal(215, records.Count);
        Assert.Equal("n1", records[0].Fields["Name"].GetString());
        Assert.All(records, r => Assert.Equal(["Name"], r.Fields.Keys));
        Assert.Equal(3, lists.Count);
    }

    [Fact]
    public async Task UpdateAsync_TenRecords_WritesOneRequest()
    {
        await SeedAsync(10);
        var updates = Enumerable.Range(1, 10).Select(i => new AirtableRecordUpdate($"rec{i:D4}", new Dictionary<string, object?> { ["Delivered?"] = true, ["Name"] = null })).ToList();

        var written = await Client.UpdateAsync(Credentials, Base, Table, updates, CancellationToken.None);
        var ledger = await sandbox.Control.GetLedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName);

        Assert.Equal(10, written.Count);
        Assert.True(written[0].Fields["Delivered?"].GetBoolean());
        Assert.False(written[0].Fields.ContainsKey("Name"));
        Assert.Equal(10, Assert.Single(ledger).RecordIds.Count);
    }

    [Fact]
    public async Task UpdateAsync_ElevenRecords_ThrowsBeforeSending()
    {
        var updates = Enumerable.Range(1, 11).Select(i => new AirtableRecordUpdate($"rec{i}", new Dictionary<string, object?>())).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => Client.UpdateAsync(Credentials, Base, Table, updates, CancellationToken.None));
        Assert.Empty(await sandbox.Control.GetLedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName));
    }

    [Fact]
    public async Task UpdateAsync_WrongValueType_IsPermanentWithAirtableType()
    {
        await SeedAsync(1, new JsonObject { ["Name"] = "singleLineText", ["Ready to Deliver (Webhook)"] = "checkbox", ["Delivered?"] = "checkbox" });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UpdateAsync(
            Credentials, Base, Table, [new AirtableRecordUpdate("rec0001", new Dictionary<string, object?> { ["Delivered?"] = "yes" })], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("INVALID_VALUE_FOR_COLUMN", e.Error.Code);
        Assert.Null(e.Error.HoldReason);
    }

    [Fact]
    public async Task ListAsync_UnknownToken_IsPermanentAndHoldsWithoutLoggingTheToken()
    {
        await SeedAsync(1);

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.ListAsync(new AirtableCredentials("patWRONG.other-secret"), Base, Table, null, null, CancellationToken.None));
        var logs = services.GetRequiredService<FakeLogCollector>().GetSnapshot();

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal(AirtableAccountReasons.CredentialsRejected, e.Error.HoldReason);
        Assert.Contains(logs, r => r.Id.Name == "airtable_call_failed");
        Assert.DoesNotContain(logs, r => r.Message.Contains("secret", StringComparison.Ordinal) || r.StructuredState!.Any(s => s.Value?.Contains("secret", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task ListAsync_Injected429_IsRateLimitedFor30Seconds()
    {
        await SeedAsync(1);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = AirtableEndpoints.ListKey, Status = 429, Count = 1 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.ListAsync(Credentials, Base, Table, null, null, CancellationToken.None));

        Assert.Equal(ErrorClass.RateLimited, e.Error.Class);
        Assert.Equal("RATE_LIMIT_REACHED", e.Error.Code);
        Assert.Equal(TimeSpan.FromSeconds(30), e.Error.RetryAfter);
    }

    [Fact]
    public async Task UpdateAsync_Injected503_IsTransient()
    {
        await SeedAsync(1);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = AirtableEndpoints.UpdateKey, Status = 500 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UpdateAsync(
            Credentials, Base, Table, [new AirtableRecordUpdate("rec0001", new Dictionary<string, object?> { ["Name"] = "x" })], CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
    }

    [Fact]
    public async Task Calls_MoreThanFivePerSecond_ArePacedSoAirtableNeverAnswers429()
    {
        await SeedAsync(3);

        var calls = Enumerable.Range(0, 12).Select(_ => Client.ListAsync(Credentials, Base, Table, null, ["Name"], CancellationToken.None));
        var results = await Task.WhenAll(calls);
        var ledger = await sandbox.Control.GetLedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName);

        Assert.All(results, r => Assert.Equal(3, r.Count));
        Assert.Equal(12, ledger.Count);
        Assert.All(ledger, c => Assert.Equal(200, c.Status));
    }
}
