using Courier.Core.Jobs;
using Courier.Core.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Hosting.Jobs;

/// <summary>
/// Start-up check of every registered job against its descriptor: the processor resolves and reports the descriptor's
/// name, every API of the descriptor has a handler, and every queue the descriptor names is registered (a
/// <see cref="QueueDefinition"/> owned by the job), so recovery and the status page can reach it.
/// </summary>
public static class JobRegistrationVerifier
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming every problem found.</summary>
    public static void Verify(IServiceProvider services)
    {
        var errors = new List<string>();
        var queues = services.GetServices<QueueDefinition>().ToList();
        using var scope = services.CreateScope();
        foreach (var registration in services.GetServices<CourierJobRegistration>())
        {
            var descriptor = registration.Descriptor;
            var job = scope.ServiceProvider.GetRequiredKeyedService<IJob>(registration.Name);
            if (job.Name != registration.Name)
                errors.Add($"job registered as '{registration.Name}' reports Name '{job.Name}'; they must match.");

            foreach (var api in descriptor.Apis.Where(a => !registration.Apis.ContainsKey(a.Name)))
                errors.Add($"job '{registration.Name}' has no handler for its API '{api.Name}' ({string.Join("/", api.Methods)} /{api.Route}); call HandleApi(\"{api.Name}\", …).");

            foreach (var queue in descriptor.Queues)
            {
                var definition = queues.FirstOrDefault(q => q.Name == queue);
                if (definition is null)
                    errors.Add($"job '{registration.Name}' drains queue '{queue}', but no queue '{queue}' is registered; register its QueueDefinition (services.AddSingleton(new QueueDefinition(\"{queue}\", …))).");
                else if (definition.Job != registration.Name)
                    errors.Add($"queue '{queue}' is registered for job '{definition.Job}', but job '{registration.Name}' names it.");
            }
        }

        if (errors.Count > 0) throw new InvalidOperationException("Courier cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
    }
}
