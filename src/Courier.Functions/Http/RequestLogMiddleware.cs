using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Courier.Functions.Http;

/// <summary>
/// Logs one line per request with the query redacted. It replaces ASP.NET Core's own request-line logging
/// (category <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, held at Warning), which would log <c>?secret=</c> as sent.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, LogRedactor redactor, TimeProvider time, ILogger<RequestLogMiddleware> logger)
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
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogRequest(logger, context.Request.Method, redactor.Text(context.Request.Path.Value ?? ""), redactor.Query(context.Request.QueryString),
                    context.Response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(EventId = 2000, EventName = "http_request", Level = LogLevel.Information, Message = "{Method} {Path}{Query} answered {Status} in {ElapsedMs:F0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, string query, int status, double elapsedMs);
}
