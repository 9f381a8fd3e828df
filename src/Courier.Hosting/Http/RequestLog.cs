using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Courier.Hosting.Http;

/// <summary>
/// One log line per HTTP request with secrets redacted, written by both hosts. It replaces ASP.NET Core's own
/// request-line logging (category <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, held at Warning), which would log
/// <c>?secret=</c> as sent.
/// </summary>
public sealed partial class RequestLog(LogRedactor redactor, ILogger<RequestLog> logger)
{
    public void Write(HttpContext context, TimeSpan elapsed)
    {
        if (!logger.IsEnabled(LogLevel.Information)) return;
        LogRequest(logger, context.Request.Method, redactor.Text(context.Request.Path.Value ?? ""), redactor.Query(context.Request.QueryString),
            context.Response.StatusCode, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 2000, EventName = "http_request", Level = LogLevel.Information, Message = "{Method} {Path}{Query} answered {Status} in {ElapsedMs:F0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, string query, int status, double elapsedMs);
}
