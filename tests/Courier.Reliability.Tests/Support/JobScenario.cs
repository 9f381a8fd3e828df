using Courier.Core.Queue;
using Courier.Storage;
using Courier.Storage.Queue;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Support;

/// <summary>What one round of a campaign left: every item's end, and the side effects found twice.</summary>
/// <param name="Items">Items enqueued (or records offered) in the round.</param>
/// <param name="Lost">Items not ended (still waiting or held) or ended without their side effect or reason.</param>
/// <param name="Duplicated">Side effects found more than once in the ledger or storage.</param>
/// <param name="Unknown">Items ended Unknown.</param>
/// <param name="Problems">One line per lost or duplicated item, for the assertion message.</param>
/// <param name="Notes">What else was seen (resolved Unknowns, orphans), counted by kind.</param>
public sealed record RoundOutcome(int Items, int Lost, int Duplicated, int Unknown, IReadOnlyList<string> Problems, IReadOnlyDictionary<string, int> Notes)
{
    /// <summary>Items with a side effect found more than once, each counted once (<see cref="Duplicated"/> counts the extra effects).</summary>
    public int DuplicatedItems { get; init; }

    public bool AllEnded => Lost == 0;
}

/// <summary>
/// One job under the crash harness: its deployment settings, how a round's items are made, and how their end is judged
/// against the sandbox ledgers and storage. One instance per campaign; ids carry the campaign's tag so campaigns never meet.
/// </summary>
public abstract class JobScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite)
{
    /// <summary>Short, unique per campaign: prefixes ids in the sandbox and names in storage.</summary>
    protected string Tag { get; } = "c" + Guid.NewGuid().ToString("N")[..8];

    protected ReliabilitySandbox Sandbox => sandbox;

    protected AzuriteFixture Azurite => azurite;

    /// <summary>The deployment's table prefix: its own by default; one shared by scenarios that run on one process.</summary>
    public string TablePrefix { get; init; } = AzuriteFixture.NewTablePrefix();

    /// <summary>The job's name in the report (the catalog's short name).</summary>
    public abstract string Job { get; }

    public abstract string TwinPath { get; }

    public virtual string TwinSecret => TestSecrets.Cron;

    /// <summary>Items per round: a handful, so a campaign is quick; more in a soak.</summary>
    public int ItemsPerRound { get; init; } = 4;

    /// <summary>The job's queue, or null (partner delivery keeps no Courier queue).</summary>
    public abstract string? Queue { get; }

    /// <summary>Whether this job's design lets a lost answer end an item Unknown (conversions, social).</summary>
    public virtual bool UnknownAllowed => false;

    /// <summary>
    /// No run of the campaign is harmed (the concurrency tests): a side effect repeated where only a crash would excuse it
    /// (a second committed ZIP, a row or a record written again in place) counts as duplicated.
    /// </summary>
    public bool Unharmed { get; init; }

    /// <summary>The deployment: the same for the crashed host and its restart.</summary>
    public virtual Dictionary<string, string?> Settings()
    {
        var settings = Common(sandbox);
        settings["Storage:TablePrefix"] = TablePrefix;
        return settings;
    }

    /// <summary>One deployment running every job of <paramref name="scenarios"/> (one table prefix): each scenario's own settings over the common ones.</summary>
    public static Dictionary<string, string?> Deployment(params IReadOnlyList<JobScenario> scenarios)
    {
        if (scenarios.Select(s => s.TablePrefix).Distinct(StringComparer.Ordinal).Count() != 1) throw new ArgumentException("one deployment has one table prefix", nameof(scenarios));
        var common = Common(scenarios[0].Sandbox);
        var settings = new Dictionary<string, string?>(common, StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            foreach (var (key, value) in scenario.Settings())
            {
                // A scenario's common value (partner delivery off, say) must not undo another's own.
                if (!common.TryGetValue(key, out var shared) || shared != value) settings[key] = value;
            }
        }

        return settings;
    }

    private static Dictionary<string, string?> Common(ReliabilitySandbox sandbox)
    {
        var settings = sandbox.ProviderSettings();
        settings["environment"] = "Development";
        settings["Social:SimulateWithoutConnection"] = "false";
        settings["PartnerDelivery:BaseId"] = "";
        // Hundreds of runs: the console logger at Trace would cost more than the runs.
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:Microsoft"] = "Warning";
        settings["Logging:Console:LogLevel:Default"] = "None";
        return settings;
    }

    /// <summary>Once per campaign, through the first host: credentials, connections, spreadsheets.</summary>
    public virtual Task SetupAsync(CourierCalls calls) => Task.CompletedTask;

    /// <summary>Makes the round's items (through the APIs, as producers do).</summary>
    public virtual async Task SeedAsync(CrashHost host, int round)
    {
        for (var i = 0; i < ItemsPerRound; i++) await ProduceAsync(host.Calls, round, i);
    }

    /// <summary>Makes item <paramref name="i"/> of <paramref name="round"/> through <paramref name="producer"/> (any instance of the deployment).</summary>
    public virtual Task ProduceAsync(CourierCalls producer, int round, int i) =>
        throw new NotSupportedException($"{Job} makes a round's items together ({nameof(SeedAsync)})");

    /// <summary>Judges the round's items: ended, lost, duplicated side effects, Unknown.</summary>
    public abstract Task<RoundOutcome> CheckAsync(int round);

    /// <summary>The queue as storage holds it, read past the harness (a store of its own).</summary>
    protected TableQueueStore Store() => new(StorageClients.CreateTables(azurite.ConnectionString, TablePrefix), 4);

    /// <summary>Items of <see cref="Queue"/> by id, in any state.</summary>
    protected async Task<Dictionary<string, QueueItem>> ItemsAsync(IEnumerable<string> ids)
    {
        var store = Store();
        var found = new Dictionary<string, QueueItem>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (await store.GetAsync(Queue!, id, CancellationToken.None) is { } item) found[id] = item;
        }

        return found;
    }

    /// <summary>The common part of a judgement: an item is ended when Completed, or Failed/Unknown with a reason.</summary>
    protected static bool Ended(QueueItem? item) =>
        item is { State: QueueState.Completed } || (item is { State: QueueState.Failed or QueueState.Unknown } && !string.IsNullOrWhiteSpace(item.LastError));
}
