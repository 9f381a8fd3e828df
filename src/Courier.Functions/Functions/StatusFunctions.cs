using Courier.Functions.Worker;
using Courier.Hosting.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The host's own functions: status API and page, the page's sign-in and actions, the operator's circuit close, and liveness; each body is one call into Courier.Hosting.</summary>
public sealed class StatusFunctions(WorkerHttp http)
{
    [Function(HostFunctions.Status)]
    public Task<IActionResult> Status([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostFunctions.StatusRoute)] HttpRequest request) =>
        http.InvokeAsync(HostFunctions.Status, request);

    [Function(HostFunctions.StatusPage)]
    public Task<IActionResult> StatusPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostFunctions.StatusPageRoute)] HttpRequest request) =>
        http.InvokeAsync(HostFunctions.StatusPage, request);

    [Function(HostFunctions.StatusLogin)]
    public Task<IActionResult> StatusLogin([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostFunctions.StatusLoginRoute)] HttpRequest request) =>
        http.InvokeAsync(HostFunctions.StatusLogin, request);

    [Function(HostFunctions.StatusAction)]
    public Task<IActionResult> StatusAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostFunctions.StatusActionRoute)] HttpRequest request) =>
        http.InvokeAsync(HostFunctions.StatusAction, request);

    [Function(HostFunctions.CircuitClose)]
    public Task<IActionResult> CircuitClose([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostFunctions.CircuitCloseRoute)] HttpRequest request) =>
        http.InvokeAsync(HostFunctions.CircuitClose, request);

    [Function(HostFunctions.Health)]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostFunctions.HealthRoute)] HttpRequest request) =>
        http.InvokeAsync(HostFunctions.Health, request);
}
