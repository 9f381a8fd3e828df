using System.Net;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Http;

/// <summary>Who the client of a request is, for per-IP rate limits and the Development loopback rule; each host says how it knows.</summary>
public interface IClientAddressResolver
{
    /// <summary>The client's address, or null when the host cannot tell.</summary>
    IPAddress? Resolve(HttpContext context);
}
