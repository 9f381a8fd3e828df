using Courier.Functions.Worker;
using Courier.Hosting.Timers;
using Courier.Hosting.Jobs.Artifacts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The functions of job artifacts: its timer, its twin and its APIs; each body is one call into Courier.Hosting.</summary>
public sealed class ArtifactsFunctions(TimerFunctionRunner timers, WorkerHttp http)
{
    [Function(ArtifactsJob.Name)]
    public Task Timer([TimerTrigger(ArtifactsJob.ScheduleExpression, UseMonitor = true)] TimerInfo timer, FunctionContext context) =>
        timers.RunAsync(ArtifactsJob.Name, timer.IsPastDue, context.CancellationToken);

    [Function(ArtifactsJob.TwinName)]
    public Task<IActionResult> Twin([HttpTrigger(TwinAuth.Level, "post", Route = ArtifactsJob.TwinRoute)] HttpRequest request) =>
        http.InvokeAsync(ArtifactsJob.TwinName, request);

    [Function(ArtifactsJob.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ArtifactsJob.CreateRoute)] HttpRequest request) =>
        http.InvokeAsync(ArtifactsJob.Create, request);

    [Function(ArtifactsJob.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ArtifactsJob.GetRoute)] HttpRequest request) =>
        http.InvokeAsync(ArtifactsJob.Get, request);
}
