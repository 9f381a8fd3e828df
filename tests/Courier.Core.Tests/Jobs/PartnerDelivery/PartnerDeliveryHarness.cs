using System.Text.Json.Nodes;
using Courier.Core.Circuits;
using Courier.Core.Jobs;
using Courier.Core.Jobs.PartnerDelivery;
using Courier.Core.Runs;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Jobs.PartnerDelivery;

/// <summary>The partner delivery job over an in-memory Airtable, Drive, ledger and circuits, on a fake clock with no backoff waits.</summary>
internal sealed class PartnerDeliveryHarness
{
    public const string Base = "appTEST";
    public const string Destination = "dest";

    private int _runs;

    public PartnerDeliveryHarness(Action<PartnerDeliveryOptions>? configure = null)
    {
        Options = new PartnerDeliveryOptions { BaseId = Base, DriveRetryBaseDelay = TimeSpan.Zero, DriveAttempts = 3 };
        configure?.Invoke(Options);
        Records = new FakeDeliveryRecords(Options);
        Drive.Add(Destination, "Partner inbox", DriveNodeKind.Folder, null, driveId: "0Ashared");
        Processor = new PartnerDeliveryProcessor(
            Records, Drive, Ledger, new CircuitBreaker(CircuitStore, new CircuitOptions(), Time, new Random(2)), Metrics, Options, Time, new Random(1), Logger);
    }

    public PartnerDeliveryOptions Options { get; }

    public FakeTimeProvider Time { get; } = TestClock.New();

    public RecordingLogger<PartnerDeliveryProcessor> Logger { get; } = new();

    public FakeDeliveryRecords Records { get; }

    public FakeDeliveryDrive Drive { get; } = new();

    public InMemoryDeliveryLedger Ledger { get; } = new();

    public InMemoryCircuitStore CircuitStore { get; } = new();

    public InMemoryProviderMetricsStore Metrics { get; } = new();

    public PartnerDeliveryProcessor Processor { get; }

    /// <summary>An asset record; <paramref name="fields"/> overrides the defaults (null removes a cell).</summary>
    public void Asset(string id, string? source, string? batch = "B1", params (string Name, JsonNode? Value)[] fields)
    {
        var row = new JsonObject
        {
            [Options.ReadyField] = true,
            [Options.DeliveredAtField] = null,
            [Options.SourceFolderField] = source,
            [Options.BatchIdField] = batch,
        };
        foreach (var (name, value) in fields) row[name] = value;
        Records.Add(Options.AssetsTable, id, row);
    }

    public void Batch(string key, string? destination = Destination) =>
        Records.Add(Options.BatchesTable, "b" + key, new JsonObject { [Options.BatchKeyField] = key, [Options.DestinationFolderField] = destination });

    /// <summary>A source folder <c>src{n}</c> with a.txt, b.txt and sub/c.txt, sub/deeper/d.txt.</summary>
    public string Tree(string id)
    {
        Drive.Add(id, $"Source {id}", DriveNodeKind.Folder, null);
        Drive.Add($"{id}-a", "a.txt", DriveNodeKind.File, id);
        Drive.Add($"{id}-b", "b.txt", DriveNodeKind.File, id);
        Drive.Add($"{id}-sub", "sub", DriveNodeKind.Folder, id);
        Drive.Add($"{id}-c", "c.txt", DriveNodeKind.File, $"{id}-sub");
        Drive.Add($"{id}-deeper", "deeper", DriveNodeKind.Folder, $"{id}-sub");
        Drive.Add($"{id}-d", "d.txt", DriveNodeKind.File, $"{id}-deeper");
        return id;
    }

    public async Task<PartnerDeliveryReport> RunAsync()
    {
        var context = new JobRunContext($"run-{++_runs}", RunTrigger.Http, RunBudget.Unlimited(Time), new Dictionary<string, string>());
        var report = await Processor.RunAsync(context, CancellationToken.None);
        return (PartnerDeliveryReport)report.Body;
    }
}
