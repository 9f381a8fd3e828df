using System.Diagnostics;
using System.Net;
using Courier.Core.Queue;
using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.Sandbox.Control;
using Courier.Sandbox.GoogleAds;
using Courier.Sandbox.Meta;
using Courier.Storage;
using Courier.Storage.Queue;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Crashes;

/// <summary>
/// The built standalone executable as a real process runs conversions (three sites) and social (Facebook posts) at once,
/// with sandbox latency so the runs take a while, and is killed outright (SIGKILL) once both ledgers show a side effect.
/// The deployment restarts (in-process, on the same storage and sandbox, with a clock that can be moved past the dead
/// process's leases: social's item lease is a minute at least), runs recovery and the jobs until every item has ended:
/// none lost, no orderId accepted twice, no post published twice.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SigkillCrashTests(ReliabilityReport report, ProcessRig rig, ITestOutputHelper output) : IClassFixture<ProcessRig>
{
    private const int Sites = 3;
    private static readonly TimeSpan PastLeases = TimeSpan.FromMinutes(16);

    private int SalesPerSite => CrashPoints.Items(4);

    private int Posts => CrashPoints.Items(8);

    [Fact]
    public async Task ProcessKilledMidRun_RestartRecoveryAndReruns_EveryItemEndsAndNoSideEffectHappensTwice()
    {
        var clock = Stopwatch.StartNew();
        var conversions = Enumerable.Range(0, Sites).Select(_ => new ConversionsScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix }).ToList();
        var social = new SocialScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix };
        var settings = JobScenario.Deployment([.. conversions, social]);

        var sales = Enumerable.Range(0, SalesPerSite).Select(i => $"kill-{i:D3}").ToList();
        var contents = Enumerable.Range(0, Posts).Select(i => social.Content(0, i)).ToList();
        var customers = conversions.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
        await using (var process = await rig.StartAsync("killed", settings))
        {
            var calls = new CourierCalls(process.Client);
            var now = DateTimeOffset.UtcNow + rig.Sandbox.Clock.Offset;
            foreach (var site in conversions)
            {
                await site.SeedCredentialsAsync(calls);
                foreach (var sale in sales) await site.EnqueueAsync(calls, sale);
            }

            await social.ConnectAsync(calls);
            foreach (var content in contents) await social.EnqueueAsync(calls, content, now);

            // The first site's upload is quick, the others slow; each post takes a while: both runs are mid-way when the first effects show.
            for (var i = 0; i < Sites; i++)
            {
                await rig.Sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Kind = FaultKind.Latency, Delay = TimeSpan.FromMilliseconds(i == 0 ? 300 : 3000), PathContains = conversions[i].CustomerId });
            }

            await rig.Sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.FeedKey, Kind = FaultKind.Latency, Delay = TimeSpan.FromMilliseconds(400) });
            var runs = new[] { calls.SendAsync(HttpMethod.Post, conversions[0].TwinPath, conversions[0].TwinSecret), calls.SendAsync(HttpMethod.Post, social.TwinPath, social.TwinSecret) };
            var deadline = Stopwatch.StartNew();
            while (!(await AcceptedAsync(customers) > 0 && await PublishedAsync(social.PageId) > 0))
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "no side effect within 30 s\n" + process.Tail());
                Assert.False(runs.Any(r => r.IsCompleted), "a run ended before the process was killed: " + string.Join(" | ", runs.Where(r => r.IsCompleted).Select(r => r.IsCompletedSuccessfully ? r.Result.ToString() : r.Exception?.Message)));
                await Task.Delay(20);
            }

            await process.KillAsync();
            foreach (var run in runs) Assert.NotNull(await Record.ExceptionAsync(() => run));
            await rig.Sandbox.Control.ClearFaultsAsync();
        }

        var store = new TableQueueStore(StorageClients.CreateTables(rig.Azurite.ConnectionString, rig.TablePrefix), 4);
        var heldByDead = 0;
        foreach (var queue in new[] { conversions[0].Queue!, social.Queue! })
        {
            heldByDead += (await store.ListExpiredLeasesAsync(queue, DateTimeOffset.UtcNow.AddDays(1), 1000, CancellationToken.None)).Count(i => i.State == QueueState.Processing);
        }

        output.WriteLine($"killed after {await AcceptedAsync(customers)} accepted orderIds and {await PublishedAsync(social.PageId)} posts; {heldByDead} items held by the dead process; {clock.Elapsed.TotalSeconds:F1} s");

        // The deployment restarts; the dead process's run and item leases run out; recovery, then the jobs until every item has ended.
        var jobRuns = new Dictionary<string, int>(StringComparer.Ordinal) { ["conversions"] = 1, ["social"] = 1 };
        await using (var host = await CrashHost.StartAsync(rig.Azurite.ConnectionString, settings, rig.Sandbox.Clock))
        {
            rig.Sandbox.Clock.Advance(PastLeases);
            var recovery = await host.Calls.RecoveryAsync();
            Assert.True(recovery.Status == HttpStatusCode.OK, $"recovery: {recovery}");
            output.WriteLine($"recovery: {recovery.Text}");
            for (var rerun = 0; rerun < CrashCampaign.MaxReruns; rerun++)
            {
                var pending = new List<(string Job, string Path, string Secret)>();
                if (!(await ConversionsAsync()).AllEnded) pending.Add(("conversions", conversions[0].TwinPath, conversions[0].TwinSecret));
                if (!(await social.CheckPostsAsync(contents)).AllEnded) pending.Add(("social", social.TwinPath, social.TwinSecret));
                if (pending.Count == 0) break;
                foreach (var (job, path, secret) in pending)
                {
                    var answer = await host.Calls.SendAsync(HttpMethod.Post, path, secret);
                    Assert.True(answer.Status == HttpStatusCode.OK, $"{job} after the restart: {answer}");
                    jobRuns[job]++;
                }

                rig.Sandbox.Clock.Advance(PastLeases);
            }
        }

        var conversionsOutcome = await ConversionsAsync();
        var socialOutcome = await social.CheckPostsAsync(contents);
        var rows = new[]
        {
            Row("conversions", conversionsOutcome, jobRuns["conversions"], "Unknown found accepted in the ledger"),
            Row("social", socialOutcome, jobRuns["social"], "Unknown found published in the ledger"),
        };
        foreach (var row in rows)
        {
            report.Record(row);
            output.WriteLine($"{row.Job}: {row.Items} items, {row.Runs} runs, lost {row.Lost}, duplicated {row.DuplicatedSideEffects}, unknown {row.Unknown}: {row.UnknownResolution}");
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");
        Assert.All(rows, row => CrashAssert.NoneLostNoneTwice(row, unknownAllowed: true));

        async Task<RoundOutcome> ConversionsAsync()
        {
            var outcomes = new List<RoundOutcome>();
            foreach (var site in conversions) outcomes.Add(await site.CheckSalesAsync(sales));
            return new RoundOutcome(outcomes.Sum(o => o.Items), outcomes.Sum(o => o.Lost), outcomes.Sum(o => o.Duplicated), outcomes.Sum(o => o.Unknown),
                [.. outcomes.SelectMany(o => o.Problems)], outcomes.SelectMany(o => o.Notes).GroupBy(n => n.Key).ToDictionary(g => g.Key, g => g.Sum(n => n.Value)));
        }
    }

    private static CrashRow Row(string job, RoundOutcome outcome, int runs, string note)
    {
        var resolved = outcome.Notes.GetValueOrDefault(note);
        var text = outcome.Unknown == 0 ? "none" : $"{note}: {resolved}";
        if (outcome.Problems.Count > 0) text += "; problems: " + string.Join(" | ", outcome.Problems.Take(3));
        return new CrashRow(job, "SIGKILL", 1, runs, outcome.Items, outcome.Lost, outcome.Duplicated, outcome.Unknown, text);
    }

    private async Task<int> AcceptedAsync(IReadOnlySet<string> customers) =>
        (await rig.Sandbox.LedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey)).Where(c => customers.Contains(c.CustomerId)).SelectMany(c => c.Rows).Count(r => r.Accepted);

    private async Task<int> PublishedAsync(string pageId) =>
        (await rig.Sandbox.LedgerAsync<MetaCall>(MetaEndpoints.LedgerName)).Count(c => c.Target == pageId && c.Published);
}
