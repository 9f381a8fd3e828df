using System.Diagnostics;
using System.Globalization;
using System.Net;
using Courier.Reliability.Tests.Report;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Support;

/// <summary>
/// The crash campaigns of one job, on one deployment: a warm-up run and a counting run (how many storage writes and provider
/// calls a run of the job makes), then per kind one round per chosen crash point: new items, the job run killed at that
/// point, the deployment restarted (only when it died), time moved past every lease, the recovery twin, and the job's twin
/// again until every item of the round has ended (capped, counted). Each round is judged by the scenario; each kind's row
/// goes to the report and the test fails on any lost item or duplicated effect.
/// </summary>
public sealed class CrashCampaign(JobScenario scenario, AzuriteFixture azurite, ShiftedClock clock, ITestOutputHelper output) : IAsyncDisposable
{
    /// <summary>Job runs after the restart before a round gives up (a round normally ends in one).</summary>
    public const int MaxReruns = 6;

    /// <summary>Past every lease a crashed run holds (run lease 1 min, item leases 5 min at most), and past short backoffs.</summary>
    private static readonly TimeSpan PastLeases = TimeSpan.FromMinutes(16);

    private readonly Dictionary<string, string?> _settings = scenario.Settings();
    private CrashHost? _host;
    private int _round;
    private int _storageWrites;
    private int _providerCalls;
    private int _restarts;

    public static readonly (CrashTarget, bool)[] AllKinds =
        [(CrashTarget.StorageWrite, false), (CrashTarget.StorageWrite, true), (CrashTarget.ProviderCall, false), (CrashTarget.ProviderCall, true)];

    public static readonly (CrashTarget, bool)[] StorageKinds = [(CrashTarget.StorageWrite, false), (CrashTarget.StorageWrite, true)];

    private CrashHost Host => _host ?? throw new InvalidOperationException("the campaign has not started");

    /// <summary>The report's kind: how many points of how many, of what, and which variant ("3 of 13 storage writes (before)").</summary>
    public static string KindOf(CrashTarget target, bool after, int tried, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{tried} of {total} {(target == CrashTarget.StorageWrite ? "storage writes" : "provider calls")} ({(after ? "after" : "before")})");

    /// <summary>Runs every kind on one deployment, one after another, and records each kind's row.</summary>
    public static async Task<IReadOnlyList<CrashRow>> RunAllAsync(
        JobScenario scenario, AzuriteFixture azurite, ShiftedClock clock, ITestOutputHelper output, ReliabilityReport report, params (CrashTarget Target, bool After)[] kinds)
    {
        await using var campaign = new CrashCampaign(scenario, azurite, clock, output);
        await campaign.StartAsync();
        var rows = new List<CrashRow>();
        foreach (var (target, after) in kinds)
        {
            var row = await campaign.RunAsync(target, after);
            report.Record(row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Starts the deployment, sets the job up, and makes the warm-up and counting runs.</summary>
    public async Task StartAsync()
    {
        var clock0 = Stopwatch.StartNew();
        _host = await StartHostAsync();
        await scenario.SetupAsync(Host.Calls);
        // Round 0 warms the deployment up (tables, tokens); round 1 counts a run as it is without a fault.
        for (var warm = 0; warm < 2; warm++)
        {
            await scenario.SeedAsync(Host, warm);
            Host.Power.Disarm();
            await RunTwinAsync(Host);
            (_storageWrites, _providerCalls) = (Host.Power.StorageWrites, Host.Power.ProviderCalls);
            await FinishAsync(Host, warm, recover: false);
            var outcome = await scenario.CheckAsync(warm);
            Assert.True(outcome.Lost == 0 && outcome.Duplicated == 0, $"{scenario.Job} {(warm == 0 ? "warm-up" : "counting")} run without a fault: {string.Join(" | ", outcome.Problems)}");
        }

        _round = 1;
        output.WriteLine($"{scenario.Job}: a run of {scenario.ItemsPerRound} items makes {_storageWrites} storage writes and {_providerCalls} provider calls; started in {clock0.Elapsed.TotalSeconds:F1} s");
    }

    public async Task<CrashRow> RunAsync(CrashTarget target, bool after)
    {
        var clock0 = Stopwatch.StartNew();
        var total = target == CrashTarget.StorageWrite ? _storageWrites : _providerCalls;
        var (points, how) = CrashPoints.Choose(total);
        var kind = KindOf(target, after, points.Count, total);
        var runs = 0;
        var items = 0;
        var unknown = 0;
        var notes = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        var lost = 0;
        var duplicated = 0;
        var tripped = 0;
        foreach (var point in points)
        {
            var round = ++_round;
            await scenario.SeedAsync(Host, round);
            Host.Power.Arm(target, point, after);
            await RunTwinAsync(Host);
            runs++;
            var died = Host.Power.Tripped;
            var crashedAt = clock0.Elapsed;
            if (died)
            {
                tripped++;
                // The process died: a new one starts on the same deployment; time moves past every lease it held.
                await Host.DisposeAsync();
                _host = await StartHostAsync();
            }
            else
            {
                Host.Power.Disarm();
            }

            var restarted = clock0.Elapsed - crashedAt;
            runs += await FinishAsync(Host, round, recover: true);
            Tally(await scenario.CheckAsync(round), $"point {point}");
            Trace($"point {point}: {(died ? $"restart {restarted.TotalMilliseconds:F0} ms, " : "not reached, ")}finish {(clock0.Elapsed - crashedAt - restarted).TotalMilliseconds:F0} ms");
        }

        var row = new CrashRow(scenario.Job, kind, tripped, runs, items, lost, duplicated, unknown, Resolution());
        output.WriteLine($"{scenario.Job} {kind} ({how}): {tripped} reached, {runs} runs, {items} items, lost {lost}, duplicated {duplicated}, unknown {unknown}; {clock0.Elapsed.TotalSeconds:F1} s");
        return row;

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

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_restarts > 0) Trace($"{_restarts} host starts");
    }

    private Task<CrashHost> StartHostAsync()
    {
        _restarts++;
        return CrashHost.StartAsync(azurite.ConnectionString, _settings, clock);
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
