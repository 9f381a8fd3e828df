using System.Diagnostics;
using System.Globalization;
using System.Net;
using Courier.Reliability.Tests.Report;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Support;

/// <summary>
/// One campaign: a counting run to learn how many storage writes (or provider calls) a run of the job makes, then one round
/// per crash point: new items, the job run killed at that point, the deployment restarted, time moved past every lease,
/// the recovery twin, and the job's twin again until every item of the round has ended (capped, counted). Each round is
/// judged by the scenario; the campaign's row goes to the report and the test fails on any lost item or duplicated effect.
/// </summary>
public sealed class CrashCampaign(JobScenario scenario, AzuriteFixture azurite, ShiftedClock clock, ITestOutputHelper output)
{
    /// <summary>Job runs after the restart before a round gives up (a round normally ends in one).</summary>
    public const int MaxReruns = 6;

    /// <summary>Past every lease a crashed run holds (run lease 1 min, item leases 5 min at most), and past short backoffs.</summary>
    private static readonly TimeSpan PastLeases = TimeSpan.FromMinutes(16);

    public static string KindOf(CrashTarget target, bool after) =>
        (target == CrashTarget.StorageWrite ? "storage write fault" : "provider call fault") + (after ? " (after)" : " (before)");

    /// <summary>Runs one campaign per kind, one after another (they share the class's clock, which each moves), and records every row.</summary>
    public static async Task<IReadOnlyList<CrashRow>> RunAllAsync(
        Func<JobScenario> scenario, AzuriteFixture azurite, ShiftedClock clock, ITestOutputHelper output, ReliabilityReport report, params (CrashTarget Target, bool After)[] kinds)
    {
        var rows = new List<CrashRow>();
        foreach (var (target, after) in kinds)
        {
            var row = await new CrashCampaign(scenario(), azurite, clock, output).RunAsync(target, after);
            report.Record(row);
            rows.Add(row);
        }

        return rows;
    }

    public static readonly (CrashTarget, bool)[] AllKinds =
        [(CrashTarget.StorageWrite, false), (CrashTarget.StorageWrite, true), (CrashTarget.ProviderCall, false), (CrashTarget.ProviderCall, true)];

    public static readonly (CrashTarget, bool)[] StorageKinds = [(CrashTarget.StorageWrite, false), (CrashTarget.StorageWrite, true)];

    public async Task<CrashRow> RunAsync(CrashTarget target, bool after)
    {
        var kind = KindOf(target, after);
        var clock0 = Stopwatch.StartNew();
        var settings = scenario.Settings();
        var host = await CrashHost.StartAsync(azurite.ConnectionString, settings, clock);
        var runs = 0;
        var items = 0;
        var unknown = 0;
        var notes = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        var lost = 0;
        var duplicated = 0;
        var total = 0;
        try
        {
            await scenario.SetupAsync(host);

            // Round 0 warms the deployment up (tables, tokens); round 1 counts a run as it is without a fault.
            for (var warm = 0; warm < 2; warm++)
            {
                await scenario.SeedAsync(host, warm);
                host.Power.Disarm();
                await RunTwinAsync(host);
                runs++;
                total = target == CrashTarget.StorageWrite ? host.Power.StorageWrites : host.Power.ProviderCalls;
                runs += await FinishAsync(host, warm, recover: false);
                Tally(await scenario.CheckAsync(warm), warm == 0 ? "warm-up run" : "counting run");
            }

            var (points, how) = CrashPoints.Choose(total);
            output.WriteLine($"{scenario.Job} {kind}: a run of {scenario.ItemsPerRound} items makes {total} {(target == CrashTarget.StorageWrite ? "storage writes" : "provider calls")}; trying {how}");

            var tripped = 0;
            var round = 1;
            foreach (var point in points)
            {
                round++;
                await scenario.SeedAsync(host, round);
                host.Power.Arm(target, point, after);
                await RunTwinAsync(host);
                runs++;
                var died = host.Power.Tripped;
                if (died)
                {
                    tripped++;
                    // The process died: a new one starts on the same deployment once every lease it held has run out.
                    await host.DisposeAsync();
                    host = await CrashHost.StartAsync(azurite.ConnectionString, settings, clock);
                }
                else
                {
                    host.Power.Disarm();
                }

                var crashedAt = clock0.Elapsed;
                runs += await FinishAsync(host, round, recover: true);
                Tally(await scenario.CheckAsync(round), $"point {point}");
                Trace($"point {point}: {(died ? "" : "not reached, ")}restart and finish {(clock0.Elapsed - crashedAt).TotalMilliseconds:F0} ms");
            }

            var row = new CrashRow(scenario.Job, kind + (how == "all" ? "" : $" [{how}]"), tripped, runs, items, lost, duplicated, unknown, Resolution());
            output.WriteLine($"{scenario.Job} {kind}: {tripped}/{points.Count} points reached, {runs} runs, {items} items, lost {lost}, duplicated {duplicated}, unknown {unknown}; {clock0.Elapsed.TotalSeconds:F1} s");
            return row;
        }
        finally
        {
            await host.DisposeAsync();
        }

        void Tally(RoundOutcome outcome, string where)
        {
            items += outcome.Items;
            lost += outcome.Lost;
            duplicated += outcome.Duplicated;
            unknown += outcome.Unknown;
            problems.AddRange(outcome.Problems.Select(p => $"{where}: {p}"));
            foreach (var (note, n) in outcome.Notes) notes[note] = notes.GetValueOrDefault(note) + n;
            foreach (var p in outcome.Problems) output.WriteLine($"  PROBLEM {where}: {p}");
        }

        string Resolution()
        {
            var text = string.Join("; ", notes.Where(n => n.Value > 0).Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Key}: {n.Value}")));
            if (problems.Count > 0) text = (text.Length > 0 ? text + "; " : "") + "problems: " + string.Join(" | ", problems.Take(3));
            return text.Length == 0 ? "none" : text;
        }
    }

    private void Trace(string line)
    {
        if (CrashPoints.Soak || Environment.GetEnvironmentVariable("COURIER_RELIABILITY_TRACE") == "1") output.WriteLine("  " + line);
    }

    /// <summary>Moves time past the leases, runs recovery (after a crash) and the job until the round's items have all ended; returns the runs made.</summary>
    private async Task<int> FinishAsync(CrashHost host, int round, bool recover)
    {
        var runs = 0;
        clock.Advance(PastLeases);
        if (recover)
        {
            var recovery = await host.Calls.RecoveryAsync();
            Assert.True(recovery.Status == HttpStatusCode.OK, $"recovery: {recovery}");
            runs++;
        }

        for (var rerun = 0; rerun < MaxReruns; rerun++)
        {
            if ((await scenario.CheckAsync(round)).AllEnded) return runs;
            var answer = await RunTwinAsync(host);
            Assert.True(answer.Status == HttpStatusCode.OK, $"{scenario.Job} rerun after the restart: {answer}");
            runs++;
            clock.Advance(PastLeases);
        }

        return runs;
    }

    private async Task<CourierCalls.Answer> RunTwinAsync(CrashHost host)
    {
        try
        {
            return await host.Calls.SendAsync(HttpMethod.Post, scenario.TwinPath, scenario.TwinSecret);
        }
        catch (HttpRequestException) when (host.Power.Tripped)
        {
            return new CourierCalls.Answer(HttpStatusCode.InternalServerError, "crashed");
        }
    }
}
