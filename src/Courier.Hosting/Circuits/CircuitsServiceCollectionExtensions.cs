using Courier.Core.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Circuits;

/// <summary>Wires the persisted circuit breaker shared by every job and the operator's close route.</summary>
public static class CircuitsServiceCollectionExtensions
{
    /// <summary>The persisted circuit breaker (options section <c>Circuits</c>, the spec §4 values by default) and its HTTP handler.</summary>
    public static IServiceCollection AddCourierCircuits(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CircuitBreaker))) return services;
        services.AddOptions<CircuitOptions>().BindConfiguration("Circuits").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new CircuitBreaker(
            sp.GetRequiredService<ICircuitStore>(),
            sp.GetRequiredService<IOptions<CircuitOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            Random.Shared));
        services.AddSingleton<CircuitHandlers>();
        services.AddSingleton<HeldRowWaker>();
        return services;
    }
}
