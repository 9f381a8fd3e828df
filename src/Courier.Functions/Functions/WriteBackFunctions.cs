using Courier.Functions.Worker;
using Courier.Hosting.Timers;
using Courier.Hosting.Jobs.WriteBack;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The functions of job write-back: its timer, its twin and its APIs; each body is one call into Courier.Hosting.</summary>
public sealed class WriteBackFunctions(TimerFunctionRunner timers, WorkerHttp http)
{
    [Function(WriteBackJob.Name)]
    public Task Timer([TimerTrigger(WriteBackJob.ScheduleExpression, UseMonitor = true)] TimerInfo timer, FunctionContext context) =>
        timers.RunAsync(WriteBackJob.Name, timer.IsPastDue, context.CancellationToken);

    [Function(WriteBackJob.TwinName)]
    public Task<IActionResult> Twin([HttpTrigger(TwinAuth.Level, "post", Route = WriteBackJob.TwinRoute)] HttpRequest request) =>
        http.InvokeAsync(WriteBackJob.TwinName, request);

    [Function(WriteBackJob.Queue)]
    public Task<IActionResult> Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = WriteBackJob.QueueRoute)] HttpRequest request) =>
        http.InvokeAsync(WriteBackJob.Queue, request);
}
