using System.Net;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Http;

/// <summary>
/// The first <c>X-Forwarded-For</c> address: right behind the Functions host, which forwards every request to the worker
/// from loopback while the platform's front end names the client in that header. Without the header the client is
/// unknown (null): the loopback socket is the host's, not the caller's.
/// </summary>
public sealed class ForwardedClientAddressResolver : IClientAddressResolver
{
    public IPAddress? Resolve(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim();
        // The front end may append a port ("1.2.3.4:5678").
        if (IPEndPoint.TryParse(forwarded, out var endpoint)) return endpoint.Address;
        return IPAddress.TryParse(forwarded, out var address) ? address : null;
    }
}
