using Courier.Hosting.Catalog;
using Courier.Hosting.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Courier.Functions.Worker;

/// <summary>
/// Worker middleware for every HTTP function, keyed by its catalog entry: the shared gate (disabled switch, per-IP rate
/// limit, secrets) before the function runs, and the redacted request log after. No function carries auth code of its own.
/// </summary>
public sealed class CourierHttpMiddleware(HttpFunctionGate gate, RequestLog log, TimeProvider time) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var entry = JobCatalog.Find(context.FunctionDefinition.Name);
        var http = entry is { Kind: FunctionKind.Http } ? context.GetHttpContext() : null;
        if (http is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        try
        {
            var refusal = gate.Check(http, entry!);
            if (refusal is null) await next(context).ConfigureAwait(false);
            else await refusal.ExecuteAsync(http).ConfigureAwait(false);
        }
        finally
        {
            log.Write(http, time.GetElapsedTime(started));
        }
    }
}
