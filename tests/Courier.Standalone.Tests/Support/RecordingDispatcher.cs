using Courier.Core.Jobs;
using Courier.Core.Runs;
using Courier.Hosting.Jobs;

namespace Courier.Standalone.Tests.Support;

/// <summary>An <see cref="IJobDispatcher"/> that records each run (trigger, clock time, who ran it) and can hold runs open.</summary>
public sealed class RecordingDispatcher(TimeProvider time, string instance, List<RecordedRun> sink) : IJobDispatcher
{
    private int _running;

    /// <summary>When set, each run awaits it; cancellation of the run's token ends the run as aborted.</summary>
    public Func<CancellationToken, Task>? Body { get; set; }

    public int MaxConcurrent { get; private set; }

    public bool IsBuilt(string job) => true;

    public async Task<DispatchResult> RunAsync(string job, RunTrigger trigger, IReadOnlyDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var run = new RecordedRun(instance, job, trigger, time.GetUtcNow());
        lock (sink) sink.Add(run);
        var running = Interlocked.Increment(ref _running);
        MaxConcurrent = Math.Max(MaxConcurrent, running);
        try
        {
            if (Body is not null) await Body(cancellationToken);
            return new DispatchResult(job, new RunResult(RunStatus.Completed, "run", new JobReport(new Dictionary<string, int>(), new { ok = true }), null));
        }
        catch (OperationCanceledException)
        {
            run.Aborted = true;
            return new DispatchResult(job, new RunResult(RunStatus.Failed, "run", null, "aborted"));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
