using System.Net;
using Courier.Functions.Hosting;
using Microsoft.AspNetCore.Http;

namespace Courier.Functions.Http;

/// <summary>The client IP used for rate limits and the Development loopback rule.</summary>
public static class ClientAddress
{
    /// <summary>
    /// Under the Functions host every request arrives from the host on loopback, so the first <c>X-Forwarded-For</c>
    /// address (set by the platform's front end) is the client; standalone the socket's address is.
    /// </summary>
    public static IPAddress? Of(HttpContext context, HostingMode mode)
    {
        if (mode.UnderFunctionsHost)
        {
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim();
            // The front end may append a port ("1.2.3.4:5678").
            if (IPEndPoint.TryParse(forwarded, out var endpoint)) return endpoint.Address;
        }

        return context.Connection.RemoteIpAddress;
    }

    public static string KeyOf(HttpContext context, HostingMode mode) => Of(context, mode)?.ToString() ?? "unknown";
}
