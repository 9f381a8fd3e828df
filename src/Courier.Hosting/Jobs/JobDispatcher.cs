using Courier.Core.Jobs;
using Courier.Core.Runs;
using Courier.Hosting.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Hosting.Jobs;

/// <summary>Resolves a registered job in its own scope and runs it through <see cref="JobRunner"/>, recording telemetry.</summary>
public sealed class JobDispatcher(IServiceScopeFactory scopes, IEnumerable<CourierJobRegistration> registrations, JobRunner runner, CourierTelemetry telemetry, TimeProvider time)
    : IJobDispatcher
{
    private readonly HashSet<string> _built = new(registrations.Select(r => r.Name), StringComparer.Ordinal);

    public bool IsBuilt(string job) => _built.Contains(job);

    public async Task<DispatchResult> RunAsync(string job, RunTrigger trigger, IReadOnlyDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        if (!IsBuilt(job)) return DispatchResult.NotBuilt(job);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var instance = scope.ServiceProvider.GetRequiredKeyedService<IJob>(job);
            using var activity = telemetry.StartRun(job, trigger);
            var started = time.GetTimestamp();
            var result = await runner.RunAsync(instance, trigger, parameters, cancellationToken).ConfigureAwait(false);
            telemetry.RecordRun(activity, job, trigger, result, time.GetElapsedTime(started));
            return new DispatchResult(job, result);
        }
    }
}
