using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;

namespace Courier.Standalone.Hosting;

/// <summary>Writes the redacted request line (<see cref="RequestLog"/>) for every request the standalone host serves.</summary>
public sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            log.Write(context, time.GetElapsedTime(started));
        }
    }
}
