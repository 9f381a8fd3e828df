using Courier.Core.Circuits;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Report;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storms;

/// <summary>
/// Provider storms: each job with a handful of items runs again and again on a fake clock (moved to the next due item)
/// while its provider answers 20 % of calls with one fault kind. Every item must end Completed with its side effect
/// exactly once at the provider, nothing sent under a key before the Retry-After it was given, no item failed by the
/// storm, and the circuit closed at the end.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ProviderStormTests(ReliabilityReport report) : SandboxedTest
{
    private const int Items = 5;
    private const int MaxRuns = 40;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var job in StormJobs.Names)
        {
            foreach (var fault in StormFault.All) data.Add(job, fault.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Storm_FaultAt20PercentOfCalls_EveryItemEndsOnceAndNothingFails(string jobName, string faultName)
    {
        var job = StormJobs.Create(jobName);
        var fault = StormFault.Named(faultName);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await job.StartAsync(Azurite, Sandbox, time);
        await job.SetupAsync(host, Sandbox, time, Items);
        foreach (var rule in fault.Rules(job.Route, job.PathContains)) await Sandbox.Control.AddFaultAsync(rule);

        var blockedUntil = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var violations = new List<string>();
        var seen = 0;
        var runs = 0;
        StormProgress progress;
        while (true)
        {
            var now = time.GetUtcNow();
            var (status, body) = await job.RunAsync(host);
            runs++;
            Assert.True(status == 200, $"run {runs}: {status} {body}");
            var calls = await job.CallsAsync(Sandbox);
            foreach (var call in calls.Skip(seen))
            {
                if (blockedUntil.TryGetValue(call.Key, out var until) && now < until) violations.Add($"run {runs} at {now:O} called {call.Key} before {until:O}");
                if (call.Status == 429) blockedUntil[call.Key] = now.AddSeconds(StormFault.RetryAfterSeconds);
            }

            seen = calls.Count;
            progress = await job.ProgressAsync(host, Sandbox);
            if (progress.Waiting == 0 || runs >= MaxRuns) break;
            var next = await job.NextRunAsync(host, now);
            time.Advance(next > now ? next - now + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1));
        }

        await Sandbox.Control.ClearFaultsAsync(job.Route);
        var all = await job.CallsAsync(Sandbox);
        var hit = all.Count(c => c.Fault is not null);
        var effects = await job.SideEffectsAsync(Sandbox);
        var circuits = (await host.Services.GetRequiredService<ICircuitStore>().ListAsync(default)).ToList();
        var opened = circuits.Sum(c => c.OpenCount);
        var notes = $"{runs} runs, {all.Count} calls; " +
            (fault.Name.StartsWith("429", StringComparison.Ordinal) ? $"Retry-After honoured ({violations.Count} early calls); " : "") +
            $"circuit opened {opened}×, {(circuits.All(c => c.State == CircuitState.Closed) ? "closed" : "not closed")} at the end; side effects once each: {effects.Values.All(v => v == 1)}";
        report.Record(new FaultRow(job.Job, job.Target, fault.Name + " at 20 %", hit, Items, progress.Completed, progress.Failed, notes));

        Assert.True(hit > 0, "the storm hit no call");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Equal($"completed={Items} failed=0 unknown=0 waiting=0", $"completed={progress.Completed} failed={progress.Failed} unknown={progress.Unknown} waiting={progress.Waiting}");
        Assert.Equal(Items, effects.Count);
        Assert.All(effects, e => Assert.True(e.Value == 1, $"{e.Key} happened {e.Value} times at the provider"));
        Assert.All(circuits, c => Assert.Equal(CircuitState.Closed, c.State));
    }
}
