using Courier.Core.Circuits;
using Courier.Core.Queue;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Report;
using Courier.Sandbox.Control;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storms;

/// <summary>
/// A full outage of one provider (every Google Ads upload of the site answers 503), spec §4: five transient failures in a
/// row open the site's circuit with its probe 5 to 6 minutes away; while it is open no call is made and the items wait
/// (Retry with CIRCUIT_OPEN, due after the probe time, no attempt counted, never Failed); once the outage is over, the run
/// after the probe time closes the circuit and every item completes, its conversion accepted exactly once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CircuitOutageTests(ReliabilityReport report) : SandboxedTest
{
    private const int Items = 4;
    private const int MaxRuns = 20;

    [Fact]
    public async Task FullOutage_OpensTheCircuit_NoCallsWhileOpen_ItemsWait_ProbeClosesIt_EachItemOnce()
    {
        var job = new ConversionsStorm();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await job.StartAsync(Azurite, Sandbox, time);
        await job.SetupAsync(host, Sandbox, time, Items);
        await Sandbox.Control.AddFaultAsync(new FaultSpec { Route = job.Route, PathContains = job.PathContains, Status = 503 });
        var store = host.Services.GetRequiredService<IQueueStore>();
        var circuits = host.Services.GetRequiredService<ICircuitStore>();
        var runs = 0;

        // The outage: run at each next due time until the circuit opens.
        CircuitRecord? circuit = null;
        DateTimeOffset openedAt = default;
        while (runs < MaxRuns)
        {
            openedAt = time.GetUtcNow();
            await RunOkAsync();
            circuit = (await circuits.ListAsync(default)).SingleOrDefault();
            if (circuit?.State == CircuitState.Open) break;
            Assert.Empty(await store.ListInStateAsync(job.Queue, QueueState.Failed, DateTimeOffset.MaxValue, 10, default));
            await AdvanceToNextDueAsync();
        }

        Assert.True(circuit is { State: CircuitState.Open }, $"the circuit did not open in {runs} runs: {circuit}");
        var failedCalls = (await job.CallsAsync(Sandbox)).Count;
        Assert.All(await job.CallsAsync(Sandbox), c => Assert.Equal(503, c.Status));
        Assert.True(failedCalls >= 5, $"opened after {failedCalls} failed calls (spec: 5 in a row)");
        var probeAt = circuit.NextProbeAt!.Value;
        Assert.InRange(probeAt, openedAt.AddMinutes(5), openedAt.AddMinutes(6));
        var attemptsWhenOpened = (await WaitingAsync()).ToDictionary(i => i.Id, i => i.Attempts);
        Assert.Equal(Items, attemptsWhenOpened.Count);

        // Open: runs before the probe time make no call; the items wait past the probe time, no attempt counted.
        var gatedRuns = 0;
        while (time.GetUtcNow().AddMinutes(2) < probeAt)
        {
            time.Advance(TimeSpan.FromMinutes(2));
            await RunOkAsync();
            gatedRuns++;
        }

        Assert.Equal(failedCalls, (await job.CallsAsync(Sandbox)).Count);
        var waiting = await WaitingAsync();
        Assert.Equal(Items, waiting.Count);
        Assert.All(waiting, i =>
        {
            Assert.Equal(QueueState.Retry, i.State);
            Assert.Contains(CircuitPermit.OpenReason, i.LastError ?? "", StringComparison.Ordinal);
            Assert.InRange(i.DueAt, probeAt, probeAt.AddSeconds(30));
            Assert.Equal(attemptsWhenOpened[i.Id], i.Attempts);
        });
        Assert.Empty(await store.ListInStateAsync(job.Queue, QueueState.Failed, DateTimeOffset.MaxValue, 10, default));

        // The outage ends; the run after the probe time (when the items fall due) probes, closes the circuit, and all complete.
        await Sandbox.Control.ClearFaultsAsync(job.Route);
        var stats = await host.Services.GetRequiredService<WorkQueue>().GetStatsAsync(job.Queue);
        var afterOutage = 0;
        while (runs < MaxRuns && stats.Count(QueueState.Completed) < Items)
        {
            await AdvanceToNextDueAsync();
            Assert.True(time.GetUtcNow() >= probeAt, "an item fell due before the probe time");
            await RunOkAsync();
            afterOutage++;
            stats = await host.Services.GetRequiredService<WorkQueue>().GetStatsAsync(job.Queue);
        }

        circuit = (await circuits.ListAsync(default)).Single();
        var calls = await job.CallsAsync(Sandbox);
        var effects = await job.SideEffectsAsync(Sandbox);
        report.Record(new FaultRow(job.Job, job.Target, "100 % 503 (outage), then lifted", failedCalls, Items, stats.Count(QueueState.Completed), stats.Count(QueueState.Failed),
            $"circuit opened after {failedCalls} failed calls, probe {(probeAt - openedAt).TotalSeconds:F0} s later; {gatedRuns} runs while open made 0 calls, items waited (Retry, CIRCUIT_OPEN, no attempt counted); " +
            $"{afterOutage} run(s) after the probe time: circuit {circuit.State}, {calls.Count - failedCalls} calls, side effects once each: {effects.Count == Items && effects.Values.All(v => v == 1)}"));

        Assert.Equal($"completed={Items} failed=0", $"completed={stats.Count(QueueState.Completed)} failed={stats.Count(QueueState.Failed)}");
        Assert.Equal(CircuitState.Closed, circuit.State);
        Assert.Equal(0, circuit.FailureCount);
        Assert.True(circuit.OpenCount >= 1);
        Assert.Equal(Items, effects.Count);
        Assert.All(effects, e => Assert.True(e.Value == 1, $"{e.Key} accepted {e.Value} times"));

        async Task RunOkAsync()
        {
            var (status, body) = await job.RunAsync(host);
            runs++;
            Assert.True(status == 200, $"run {runs}: {status} {body}");
        }

        async Task<IReadOnlyList<QueueItem>> WaitingAsync() => await store.ListDueAsync(job.Queue, DateTimeOffset.MaxValue, 100, default);

        async Task AdvanceToNextDueAsync()
        {
            var now = time.GetUtcNow();
            var due = await WaitingAsync();
            var next = due.Count == 0 ? now.AddMinutes(1) : due.Min(i => i.DueAt);
            time.Advance(next > now ? next - now + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1));
        }
    }
}
