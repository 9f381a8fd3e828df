using Courier.Core.Queue;
using Courier.Reliability.Tests.Inputs;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storms;

/// <summary>One provider call of a storm as the sandbox's ledger saw it: the key Retry-After applies to, its status and fault.</summary>
public sealed record StormCall(string Key, int Status, string? Fault);

/// <summary>Where a storm's items stand: ended well, failed, in an unknown state, still waiting (or held).</summary>
public sealed record StormProgress(int Completed, int Failed, int Unknown, int Waiting);

/// <summary>What a storm needs of a job: a host on a fake clock, a handful of items, its provider calls and side effects.</summary>
public abstract class StormJob
{
    /// <summary>The job's name as in the catalog.</summary>
    public abstract string Job { get; }

    /// <summary>The provider (airtable, drive, sheets, googleads, meta).</summary>
    public abstract string Target { get; }

    /// <summary>The sandbox route key the faults hit.</summary>
    public abstract string Route { get; }

    /// <summary>The queue the job drains; null for a job whose items live at a provider (partner delivery: Airtable records).</summary>
    public virtual string? Queue => null;

    /// <summary>Text of the request path that only this test's calls contain, so tests sharing a sandbox never meet.</summary>
    public abstract string PathContains { get; }

    public abstract Task<CourierTestHost> StartAsync(AzuriteFixture azurite, SandboxHost sandbox, FakeTimeProvider time);

    /// <summary>Prepares the provider side and enqueues <paramref name="items"/> items, due now.</summary>
    public abstract Task SetupAsync(CourierTestHost host, SandboxHost sandbox, FakeTimeProvider time, int items);

    /// <summary>Runs the twin once; returns the status code and body.</summary>
    public abstract Task<(int Status, string Body)> RunAsync(CourierTestHost host);

    /// <summary>This test's calls to <see cref="Route"/>, in order.</summary>
    public abstract Task<IReadOnlyList<StormCall>> CallsAsync(SandboxHost sandbox);

    /// <summary>How many times each item's side effect happened at the provider (item key → count).</summary>
    public abstract Task<IReadOnlyDictionary<string, int>> SideEffectsAsync(SandboxHost sandbox);

    /// <summary>Where the items stand; by default the counts of <see cref="Queue"/>.</summary>
    public virtual async Task<StormProgress> ProgressAsync(CourierTestHost host, SandboxHost sandbox)
    {
        var stats = await host.Services.GetRequiredService<WorkQueue>().GetStatsAsync(Queue!);
        return new StormProgress(
            stats.Count(QueueState.Completed),
            stats.Count(QueueState.Failed),
            stats.Count(QueueState.Unknown),
            stats.Count(QueueState.Queued) + stats.Count(QueueState.Retry) + stats.Count(QueueState.Processing));
    }

    /// <summary>When the next run should start: by default when the earliest waiting item of <see cref="Queue"/> falls due (a minute on when none is).</summary>
    public virtual async Task<DateTimeOffset> NextRunAsync(CourierTestHost host, DateTimeOffset now)
    {
        var due = await host.Services.GetRequiredService<IQueueStore>().ListDueAsync(Queue!, now.AddDays(7), 100, default);
        return due.Count == 0 ? now.AddMinutes(1) : due.Min(i => i.DueAt);
    }
}
