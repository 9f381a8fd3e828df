using Courier.Hosting.Catalog;
using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Courier.Functions.Worker;

/// <summary>
/// What every HTTP function's body calls: the shared handler of its catalog entry answers the request (the gate has
/// already run in <see cref="CourierHttpMiddleware"/>). The response is written here, so the middleware's request log sees
/// its status; the function returns an empty action result for the worker to pass through.
/// </summary>
public sealed class WorkerHttp(HttpFunctionHandlers handlers)
{
    private static readonly EmptyResult Written = new();

    public async Task<IActionResult> InvokeAsync(string function, HttpRequest request)
    {
        var entry = JobCatalog.Find(function) ?? throw new ArgumentException($"'{function}' is not a catalog function.", nameof(function));
        var result = await handlers.InvokeAsync(entry, request.HttpContext).ConfigureAwait(false);
        await result.ExecuteAsync(request.HttpContext).ConfigureAwait(false);
        return Written;
    }
}
