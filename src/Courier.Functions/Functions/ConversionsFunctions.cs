using Courier.Functions.Worker;
using Courier.Hosting.Timers;
using Courier.Hosting.Jobs.Conversions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>The functions of job offline conversions: its timer, its twin and its APIs; each body is one call into Courier.Hosting.</summary>
public sealed class ConversionsFunctions(TimerFunctionRunner timers, WorkerHttp http)
{
    [Function(ConversionsJob.Name)]
    public Task Timer([TimerTrigger(ConversionsJob.ScheduleExpression, UseMonitor = true)] TimerInfo timer, FunctionContext context) =>
        timers.RunAsync(ConversionsJob.Name, timer.IsPastDue, context.CancellationToken);

    [Function(ConversionsJob.TwinName)]
    public Task<IActionResult> Twin([HttpTrigger(TwinAuth.Level, "post", Route = ConversionsJob.TwinRoute)] HttpRequest request) =>
        http.InvokeAsync(ConversionsJob.TwinName, request);

    [Function(ConversionsJob.Enqueue)]
    public Task<IActionResult> Enqueue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ConversionsJob.EnqueueRoute)] HttpRequest request) =>
        http.InvokeAsync(ConversionsJob.Enqueue, request);

    [Function(ConversionsJob.EnqueueBulk)]
    public Task<IActionResult> EnqueueBulk([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ConversionsJob.EnqueueBulkRoute)] HttpRequest request) =>
        http.InvokeAsync(ConversionsJob.EnqueueBulk, request);

    [Function(ConversionsJob.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ConversionsJob.GetRoute)] HttpRequest request) =>
        http.InvokeAsync(ConversionsJob.Get, request);

    [Function(ConversionsJob.SeedCredentials)]
    public Task<IActionResult> SeedCredentials([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ConversionsJob.SeedCredentialsRoute)] HttpRequest request) =>
        http.InvokeAsync(ConversionsJob.SeedCredentials, request);
}
