using System.Net;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

public static class ThisMachine
{
    /// <summary>
    /// Whether the request comes from this machine: by the address the connection reports, so behind forwarded headers
    /// (the Api) the visitor's own, not the Web's.
    /// </summary>
    public static bool IsWhereRequestComesFrom(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address
        && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
