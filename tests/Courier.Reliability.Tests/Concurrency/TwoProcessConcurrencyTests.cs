using System.Diagnostics;
using System.Net;
using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Concurrency;

/// <summary>
/// Two standalone processes on one Azurite and one sandbox, timers off, both calling every job's twin at the same time over
/// the same items until every item has ended: each orderId accepted once, each post published once, each change written to
/// its sheet once, each Download All archived once (one committed ZIP), each ready record's files copied and written back once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class TwoProcessConcurrencyTests(ReliabilityReport report, ProcessRig rig, ITestOutputHelper output) : IClassFixture<ProcessRig>
{
    private const int Rounds = 6;

    [Fact]
    public async Task TwinsCalledOnBothProcessesAtOnce_EveryItemIsProcessedExactlyOnce()
    {
        var clock = Stopwatch.StartNew();
        JobScenario[] jobs =
        [
            new ConversionsScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix, Unharmed = true, ItemsPerRound = CrashPoints.Items(10) },
            new SocialScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix, Unharmed = true, ItemsPerRound = CrashPoints.Items(6) },
            new WriteBackScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix, Unharmed = true, ItemsPerRound = CrashPoints.Items(8) },
            new ArtifactsScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix, Unharmed = true, ItemsPerRound = CrashPoints.Items(6) },
            new PartnerDeliveryScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix, Unharmed = true, ItemsPerRound = CrashPoints.Items(6) },
        ];
        var settings = JobScenario.Deployment(jobs);
        var started = await Task.WhenAll(rig.StartAsync("instance-a", settings), rig.StartAsync("instance-b", settings));
        await using var a = started[0];
        await using var b = started[1];
        CourierCalls[] instances = [new(a.Client), new(b.Client)];
        output.WriteLine($"two processes up in {clock.Elapsed.TotalSeconds:F1} s");

        // The jobs side by side; producers call either instance: every other item goes through B.
        await Task.WhenAll(jobs.Select(async job =>
        {
            await job.SetupAsync(instances[0]);
            for (var i = 0; i < job.ItemsPerRound; i++) await job.ProduceAsync(instances[i % 2], 0, i);
        }));
        output.WriteLine($"items made in {clock.Elapsed.TotalSeconds:F1} s");

        var runs = jobs.ToDictionary(j => j.Job, _ => 0, StringComparer.Ordinal);
        var refused = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var ended = await Task.WhenAll(jobs.Select(async job => (await job.CheckAsync(0)).AllEnded));
            var pending = jobs.Where((_, j) => !ended[j]).ToList();
            if (pending.Count == 0) break;
            var calls = pending.SelectMany(job => instances.Select(async instance => (job.Job, Answer: await instance.SendAsync(HttpMethod.Post, job.TwinPath, job.TwinSecret))));
            foreach (var (job, answer) in await Task.WhenAll(calls))
            {
                runs[job]++;
                // One of two runs of a job started together may find the job held by the other (409 run_in_progress).
                if (answer.Status == HttpStatusCode.Conflict) refused++;
                else Assert.True(answer.Status == HttpStatusCode.OK, $"{job} twin: {answer}\n{a.Tail()}\n{b.Tail()}");
            }
        }

        var outcomes = new List<(string Job, RoundOutcome Outcome)>();
        foreach (var job in jobs)
        {
            var outcome = await job.CheckAsync(0);
            outcomes.Add((job.Job, outcome));
            // An item may be both (ended wrongly after two runs): the row counts it lost, so its columns add up to the items.
            var twice = Math.Min(outcome.DuplicatedItems, outcome.Items - outcome.Lost);
            var row = new ConcurrencyRow(job.Job, "2 standalone processes, twins called on both at once, timers off",
                outcome.Items, outcome.Items - outcome.Lost - twice, twice, outcome.Lost);
            report.Record(row);
            output.WriteLine($"{row.Job}: {row.Items} items, {runs[job.Job]} twin calls, once {row.ProcessedOnce}, twice {row.ProcessedTwice} ({outcome.Duplicated} extra side effects), lost {row.Lost}");
            foreach (var problem in outcome.Problems) output.WriteLine($"  PROBLEM {job.Job}: {problem}");
        }

        output.WriteLine($"{refused} twin calls answered 409; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.All(outcomes, o => Assert.True(o.Outcome.Duplicated == 0 && o.Outcome.Lost == 0, $"{o.Job}: {o.Outcome.Duplicated} extra side effects, {o.Outcome.Lost} lost: {string.Join(" | ", o.Outcome.Problems)}"));
    }
}
