using Courier.Functions.Worker;
using Courier.Hosting.Timers;
using Courier.Hosting.Jobs.PartnerDelivery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The functions of job partner delivery: its timer, its twin; each body is one call into Courier.Hosting.</summary>
public sealed class PartnerDeliveryFunctions(TimerFunctionRunner timers, WorkerHttp http)
{
    [Function(PartnerDeliveryJob.Name)]
    public Task Timer([TimerTrigger(PartnerDeliveryJob.ScheduleExpression, UseMonitor = true)] TimerInfo timer, FunctionContext context) =>
        timers.RunAsync(PartnerDeliveryJob.Name, timer.IsPastDue, context.CancellationToken);

    [Function(PartnerDeliveryJob.TwinName)]
    public Task<IActionResult> Twin([HttpTrigger(TwinAuth.Level, "post", Route = PartnerDeliveryJob.TwinRoute)] HttpRequest request) =>
        http.InvokeAsync(PartnerDeliveryJob.TwinName, request);
}
