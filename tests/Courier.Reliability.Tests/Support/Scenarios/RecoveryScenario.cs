using Courier.Core.Jobs.Conversions;
using Courier.Core.Jobs.Social;
using Courier.Core.Jobs.WriteBack;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Recovery;
using Courier.TestUtils.Azurite;

namespace Courier.Reliability.Tests.Support.Scenarios;

/// <summary>
/// Recovery's own crashes: each round leaves rows of three queues (conversions, social, write-back) stuck in Processing under
/// a run that died (claimed, lease expired), then recovery is the run the harness stops. An item comes back when it is due
/// again (Retry) or Failed, with the crashed attempt counted once: still Processing is lost; two attempts counted, or the
/// item listed twice among the due rows, is a rescue that happened twice.
/// </summary>
public sealed class RecoveryScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite) : JobScenario(sandbox, azurite)
{
    public static readonly string[] Queues = [ConversionsQueue.Name, SocialQueue.Name, SyncQueue.Name];

    public override string Job => "recovery";

    public override string TwinPath => $"/{RecoveryJob.TwinRoute}?min_age_minutes=0";

    /// <summary>Several queues; <see cref="JobScenario.ItemsAsync"/> is not used.</summary>
    public override string? Queue => null;

    public string ItemId(int round, int i) => $"{Tag}-r{round:D3}-{i:D3}";

    /// <summary>The round's items: <see cref="JobScenario.ItemsPerRound"/> per queue.</summary>
    private IEnumerable<(string Queue, string Id)> Items(int round) =>
        Queues.SelectMany(q => Enumerable.Range(0, ItemsPerRound).Select(i => (q, ItemId(round, i))));

    public override async Task SeedAsync(CrashHost host, int round)
    {
        var work = new WorkQueue(Store(), Sandbox.Clock);
        foreach (var queue in Queues)
        {
            // Earlier rounds' items, back and due, are taken and finished by their job first, so the dead run below claims only this round's.
            var due = await work.ClaimDueAsync(queue, "job-" + Tag, 500, TimeSpan.FromMinutes(5));
            foreach (var item in due) Assert.True((await work.CompleteAsync(item)).Applied, $"completing {item.Id} of an earlier round");
            for (var i = 0; i < ItemsPerRound; i++) Assert.True((await work.EnqueueAsync(queue, ItemId(round, i), "{}")).Created);
            var claimed = await work.ClaimDueAsync(queue, "dead-" + Tag, ItemsPerRound + 5, TimeSpan.FromMinutes(1));
            Assert.Equal(ItemsPerRound, claimed.Count);
        }

        // The run that claimed them died; its leases have run out.
        Sandbox.Clock.Advance(TimeSpan.FromMinutes(2));
    }

    public override async Task<RoundOutcome> CheckAsync(int round)
    {
        var store = Store();
        var now = Sandbox.Clock.GetUtcNow();
        var problems = new List<string>();
        int items = 0, lost = 0, duplicated = 0, failed = 0;
        foreach (var queue in Queues)
        {
            var listed = (await store.ListDueAsync(queue, now.AddDays(1), 5000, CancellationToken.None))
                .GroupBy(i => i.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            for (var i = 0; i < ItemsPerRound; i++)
            {
                items++;
                var id = ItemId(round, i);
                var item = await store.GetAsync(queue, id, CancellationToken.None);
                var dueRows = listed.GetValueOrDefault(id);
                var back = item is { State: QueueState.Retry, LeaseOwner: null } && dueRows == 1;
                if (item is { State: QueueState.Failed } && !string.IsNullOrWhiteSpace(item.LastError)) { back = true; failed++; }
                if (item is not null && (item.Attempts > 1 || dueRows > 1))
                {
                    duplicated++;
                    problems.Add($"{queue}/{id}: {item.Attempts} attempts, {dueRows} due rows");
                }
                else if (!back)
                {
                    lost++;
                    problems.Add($"{queue}/{id}: {item?.State.ToString() ?? "missing"} ({item?.LastError}), {dueRows} due rows");
                }
            }
        }

        return new RoundOutcome(items, lost, duplicated, 0, problems, new Dictionary<string, int> { ["failed on their last attempt"] = failed });
    }
}
