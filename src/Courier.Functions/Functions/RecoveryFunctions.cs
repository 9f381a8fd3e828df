using Courier.Functions.Worker;
using Courier.Hosting.Timers;
using Courier.Hosting.Jobs.Recovery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The functions of job recovery: its timer, its twin; each body is one call into Courier.Hosting.</summary>
public sealed class RecoveryFunctions(TimerFunctionRunner timers, WorkerHttp http)
{
    [Function(RecoveryJob.Name)]
    public Task Timer([TimerTrigger(RecoveryJob.ScheduleExpression, UseMonitor = true)] TimerInfo timer, FunctionContext context) =>
        timers.RunAsync(RecoveryJob.Name, timer.IsPastDue, context.CancellationToken);

    [Function(RecoveryJob.TwinName)]
    public Task<IActionResult> Twin([HttpTrigger(TwinAuth.Level, "post", Route = RecoveryJob.TwinRoute)] HttpRequest request) =>
        http.InvokeAsync(RecoveryJob.TwinName, request);
}
