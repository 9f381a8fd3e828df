using Courier.Core.Jobs;
using Courier.Hosting.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Hosting.Jobs;

/// <summary>Wires a job into the host with one call: its timer, twin, APIs and status row come from its descriptor.</summary>
public static class JobServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TJob"/> as the processor of the catalog job <paramref name="descriptor"/> describes. The
    /// job is resolved in a fresh scope for every run. Until a job is registered its twin and APIs answer 501 and its timer
    /// logs that it is not built.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="descriptor">The job's descriptor; it must be one of <see cref="JobCatalog.Jobs"/>.</param>
    /// <param name="factory">Builds the processor when its constructor needs more than services (copied options, a random source); null to let DI activate it.</param>
    public static CourierJobBuilder AddCourierJob<TJob>(this IServiceCollection services, JobDescriptor descriptor, Func<IServiceProvider, TJob>? factory = null)
        where TJob : class, IJob
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!JobCatalog.Jobs.Contains(descriptor))
            throw new ArgumentException($"'{descriptor.Name}' is not a job of the catalog; jobs are: {string.Join(", ", JobCatalog.Jobs.Select(j => j.Name))}.", nameof(descriptor));
        if (services.Any(d => d.ServiceType == typeof(CourierJobRegistration) && d.ImplementationInstance is CourierJobRegistration r && r.Name == descriptor.Name))
            throw new InvalidOperationException($"job '{descriptor.Name}' is registered twice.");

        var registration = new CourierJobRegistration(descriptor, typeof(TJob));
        services.AddSingleton(registration);
        if (factory is null) services.AddKeyedScoped<IJob, TJob>(descriptor.Name);
        else services.AddKeyedScoped<IJob>(descriptor.Name, (sp, _) => factory(sp));
        return new CourierJobBuilder(services, registration);
    }
}
