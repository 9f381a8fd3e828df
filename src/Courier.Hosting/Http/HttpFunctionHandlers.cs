using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Hosting.Queues;
using Courier.Hosting.Status;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Http;

/// <summary>
/// The handler of every HTTP function of the catalog, by name: twins, the jobs' APIs (501 until the job is built),
/// the shared queue operations, status and health. Both hosts call it after <see cref="HttpFunctionGate"/>; it is the one place a request is answered.
/// </summary>
public sealed class HttpFunctionHandlers(TwinHandler twins, QueueHandlers queues, StatusHandlers status, IEnumerable<CourierJobRegistration> registrations)
{
    private readonly Dictionary<string, Func<HttpContext, Task<IResult>>> _apis =
        registrations.SelectMany(r => r.Apis).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public Task<IResult> InvokeAsync(CatalogEntry entry, HttpContext context)
    {
        RouteValuesBinder.Bind(context, entry);
        return entry.Role switch
        {
            FunctionRole.Twin => twins.RunAsync(context, entry),
            FunctionRole.Api => _apis.TryGetValue(entry.Name, out var handler) ? handler(context) : Task.FromResult(Problems.NotBuilt(entry.Job!)),
            FunctionRole.Queue => queues.InvokeAsync(entry.Name, context),
            FunctionRole.Status or FunctionRole.Health => status.InvokeAsync(entry.Name, context),
            _ => throw new ArgumentException($"'{entry.Name}' is not an HTTP function.", nameof(entry)),
        };
    }
}
