using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Functions.Jobs;

/// <summary>Returned by <c>AddCourierJob</c>: adds the job's own routes and services in the same chain.</summary>
public sealed class CourierJobBuilder(IServiceCollection services, CourierJobRegistration registration)
{
    public IServiceCollection Services { get; } = services;

    public string Name => registration.Name;

    /// <summary>
    /// Maps the job's producer or query routes (for example <c>POST /api/conversions</c>). Each route must be a
    /// catalog API function of this job and carry its auth (<c>.RequireApiSecret()</c> or <c>.RequireCatalogAuth()</c>);
    /// the host checks both at start-up.
    /// </summary>
    public CourierJobBuilder MapEndpoints(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        registration.AddEndpoints(map);
        return this;
    }
}
