using System.Net;
using System.Net.Sockets;

namespace Portal.Tests.Infrastructure;

internal static class FreeTcpPort
{
    /// <summary>A port the operating system just considered free; never a fixed port another process may hold.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
