using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Hosting.Jobs;

/// <summary>Returned by <c>AddCourierJob</c>: adds the job's API handlers in the same chain.</summary>
public sealed class CourierJobBuilder(IServiceCollection services, CourierJobRegistration registration)
{
    public IServiceCollection Services { get; } = services;

    public string Name => registration.Name;

    /// <summary>
    /// Serves API function <paramref name="function"/> of this job's descriptor with <paramref name="handler"/>. Both hosts run
    /// the catalog's auth before it; route values are in <c>HttpContext.Request.RouteValues</c>. Start-up fails when an API of
    /// the descriptor has no handler.
    /// </summary>
    public CourierJobBuilder HandleApi(string function, Func<HttpContext, Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        registration.AddApi(function, handler);
        return this;
    }
}
