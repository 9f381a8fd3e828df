using Courier.Functions.Worker;
using Courier.Hosting.Timers;
using Courier.Hosting.Jobs.Social;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The functions of job social: its timer, its twin and its APIs; each body is one call into Courier.Hosting.</summary>
public sealed class SocialFunctions(TimerFunctionRunner timers, WorkerHttp http)
{
    [Function(SocialJob.Name)]
    public Task Timer([TimerTrigger(SocialJob.ScheduleExpression, UseMonitor = true)] TimerInfo timer, FunctionContext context) =>
        timers.RunAsync(SocialJob.Name, timer.IsPastDue, context.CancellationToken);

    [Function(SocialJob.TwinName)]
    public Task<IActionResult> Twin([HttpTrigger(TwinAuth.Level, "post", "get", Route = SocialJob.TwinRoute)] HttpRequest request) =>
        http.InvokeAsync(SocialJob.TwinName, request);

    [Function(SocialJob.Connections)]
    public Task<IActionResult> Connections([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SocialJob.ConnectionsRoute)] HttpRequest request) =>
        http.InvokeAsync(SocialJob.Connections, request);

    [Function(SocialJob.Queue)]
    public Task<IActionResult> Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = SocialJob.QueueRoute)] HttpRequest request) =>
        http.InvokeAsync(SocialJob.Queue, request);

    [Function(SocialJob.Activity)]
    public Task<IActionResult> Activity([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SocialJob.ActivityRoute)] HttpRequest request) =>
        http.InvokeAsync(SocialJob.Activity, request);
}
