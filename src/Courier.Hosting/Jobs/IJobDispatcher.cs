using Courier.Core.Runs;

namespace Courier.Hosting.Jobs;

/// <summary>Runs catalog jobs through <see cref="JobRunner"/> for every trigger (twin, host timer, standalone timer).</summary>
public interface IJobDispatcher
{
    /// <summary>True when the job has been registered with <c>AddCourierJob</c>.</summary>
    bool IsBuilt(string job);

    Task<DispatchResult> RunAsync(string job, RunTrigger trigger, IReadOnlyDictionary<string, string>? parameters, CancellationToken cancellationToken);
}
