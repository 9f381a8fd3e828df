using Courier.Functions.Worker;
using Courier.Hosting.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The shared queue operations for every registered queue (re-drive); each body is one call into Courier.Hosting.</summary>
public sealed class QueueFunctions(WorkerHttp http)
{
    [Function(HostFunctions.QueuesRedrive)]
    public Task<IActionResult> Redrive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostFunctions.QueuesRedriveRoute)] HttpRequest request) =>
        http.InvokeAsync(HostFunctions.QueuesRedrive, request);
}
