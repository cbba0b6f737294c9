using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rapport.Features.Rooms;
using Yarp.ReverseProxy.Forwarder;

namespace Rapport.Features.Cluster;

/// <summary>
/// Every connection of a room is served by the node that holds the room (ADR 16). A room
/// connection (its negotiate request and its WebSocket) that lands here is served here when this
/// node holds the room or can claim it, and is otherwise forwarded whole to the holder with YARP's
/// forwarder. When the holder's address refuses the connection (its process is gone), this node
/// takes the room over and serves it. A forwarded request is never forwarded again: if the room
/// moved meanwhile, the page is told to reconnect.
/// </summary>
public sealed partial class RoomForwarding(RoomOwnership owners, IHttpForwarder forwarder, ILogger<RoomForwarding> logger) : IMiddleware
{
    public const string ForwardedBy = "X-Rapport-Forwarded-By";

    public const string Moving = "The room is moving to another server; the page reconnects by itself.";

    private static readonly HttpMessageInvoker Nodes = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        // A holder that does not answer this soon is taken for gone: the room waits no longer than this plus a takeover.
        ConnectTimeout = TimeSpan.FromSeconds(2),
        ActivityHeadersPropagator = null,
    });

    private static readonly ForwarderRequestConfig Config = new() { ActivityTimeout = TimeSpan.FromMinutes(2) };

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var (named, problem) = RoomAddress.Of(context.Request);
        if (named is not { } interviewId)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, problem ?? RoomAddress.Missing);
            return;
        }

        var forwarded = context.Request.Headers.ContainsKey(ForwardedBy);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var holder = await owners.ClaimAsync(interviewId, context.RequestAborted);
            if (holder.Node == owners.Node)
            {
                using (owners.Hold(interviewId, context))
                {
                    await next(context);
                }

                return;
            }

            if (forwarded)
            {
                await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, Moving);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var error = await forwarder.SendAsync(context, holder.Address, Nodes, Config, Transformer);
            if (error == ForwarderError.None)
            {
                return;
            }

            var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            if (error != ForwarderError.Request || context.Response.HasStarted || !IsGone(failure))
            {
                // YARP has answered (502, or the connection ended); the page reconnects.
                LogForwardFailed(interviewId, holder.Address, error.ToString(), failure?.Message ?? "");
                return;
            }

            // The holder's process is gone: take the room, and serve this connection from here.
            LogHolderGone(interviewId, holder.Address, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            await owners.TakeOverAsync(interviewId, holder.Node, context.RequestAborted);
        }

        await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, Moving);
    }

    /// <summary>Nothing listens at the holder's address, or nothing answers there in time.</summary>
    private static bool IsGone(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut }
                || e is TaskCanceledException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }

    private HttpTransformer Transformer => field ??= new MarkForwarded(owners.Node);

    /// <summary>YARP's default copy of the request, with this node's mark on it.</summary>
    private sealed class MarkForwarded(string node) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.TryAddWithoutValidation(ForwardedBy, node);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Interview}'s holder at {Address} did not take the connection ({Milliseconds:0} ms); taking the room over")]
    private partial void LogHolderGone(Guid interview, string address, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward a connection of room {Interview} to {Address} ({Error}: {Problem})")]
    private partial void LogForwardFailed(Guid interview, string address, string error, string problem);
}
