using Courier.Core.Jobs;
using Courier.Functions.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Functions.Jobs;

/// <summary>Wires a job into the host with one call: its timer, its twin and its status row come from the catalog.</summary>
public static class JobServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TJob"/> as the processor of catalog job <paramref name="name"/> (its timer function's
    /// name). The job is resolved in a fresh scope for every run. Its twin and timer answer 501 until this is called.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="name">The job's catalog name.</param>
    /// <param name="factory">Builds the processor when its constructor needs more than services (copied options, a random source); null to let DI activate it.</param>
    public static CourierJobBuilder AddCourierJob<TJob>(this IServiceCollection services, string name, Func<IServiceProvider, TJob>? factory = null)
        where TJob : class, IJob
    {
        ArgumentNullException.ThrowIfNull(services);
        if (JobCatalog.TimerOf(name) is null)
            throw new ArgumentException($"'{name}' is not a job of the catalog; jobs are: {string.Join(", ", JobCatalog.Timers.Select(t => t.Name))}.", nameof(name));
        if (services.Any(d => d.ServiceType == typeof(CourierJobRegistration) && d.ImplementationInstance is CourierJobRegistration r && r.Name == name))
            throw new InvalidOperationException($"job '{name}' is registered twice.");

        var registration = new CourierJobRegistration(name, typeof(TJob));
        services.AddSingleton(registration);
        if (factory is null) services.AddKeyedScoped<IJob, TJob>(name);
        else services.AddKeyedScoped<IJob>(name, (sp, _) => factory(sp));
        return new CourierJobBuilder(services, registration);
    }
}
