using Courier.Core.Runs;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="IRunStore"/>.</summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Job, string RunId), RunRecord> _runs = new();

    public Task SaveAsync(RunRecord run, CancellationToken cancellationToken)
    {
        lock (_gate) _runs[(run.Job, run.RunId)] = run;
        return Task.CompletedTask;
    }

    public Task<RunRecord?> GetAsync(string job, string runId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_runs.GetValueOrDefault((job, runId)));
    }

    public Task<IReadOnlyList<RunRecord>> ListRecentAsync(string job, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<RunRecord> list = _runs.Values.Where(r => r.Job == job).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal).Take(max).ToList();
            return Task.FromResult(list);
        }
    }
}
