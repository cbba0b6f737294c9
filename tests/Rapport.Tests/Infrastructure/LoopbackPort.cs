using System.Net;
using System.Net.Sockets;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A port on loopback that nothing listens on now, for a real process (Rapport, the SMTP server)
/// to take. Shared with the browser lane, which links this file.
/// </summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
