namespace Courier.Core.Runs;

/// <summary>Port: the record of every run.</summary>
public interface IRunStore
{
    /// <summary>Writes a run record (insert on start, replace on finish).</summary>
    Task SaveAsync(RunRecord run, CancellationToken cancellationToken);

    Task<RunRecord?> GetAsync(string job, string runId, CancellationToken cancellationToken);

    /// <summary>The newest runs of a job, newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRecentAsync(string job, int max, CancellationToken cancellationToken);
}
