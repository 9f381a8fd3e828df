using System.Net;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Http;

/// <summary>The socket's remote address: right when clients connect to Courier directly (the standalone host).</summary>
public sealed class SocketClientAddressResolver : IClientAddressResolver
{
    public IPAddress? Resolve(HttpContext context) => context.Connection.RemoteIpAddress;
}
