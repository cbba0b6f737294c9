using StackExchange.Redis;

namespace Rapport.Features.Cluster;

/// <summary>
/// The node's one connection to Redis, shared by SignalR's backplane and <c>/healthz</c>. It
/// connects in the background and reconnects by itself; losing it is logged once with what still
/// works (each node's own connections) and what does not (rooms whose people are on two nodes),
/// and its return is logged too.
/// </summary>
public sealed partial class RedisConnection(RedisOptions options, ILogger<RedisConnection> logger) : IHostedService, IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> connection = new(() => ConnectAsync(options, logger));

    private int handedToBackplane;

    public Task<IConnectionMultiplexer> GetAsync() => connection.Value;

    /// <summary>The connection for SignalR's backplane, which disposes it when it is disposed itself (after unsubscribing on it).</summary>
    public Task<IConnectionMultiplexer> ForBackplaneAsync()
    {
        Interlocked.Exchange(ref handedToBackplane, 1);
        return connection.Value;
    }

    /// <summary>Starts connecting with the node, so an unreachable Redis is said at start, not at the first room.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = GetAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        // Disposed first, it would make the backplane's own disposal fail (its unsubscribing runs on it).
        if (connection.IsValueCreated && Volatile.Read(ref handedToBackplane) == 0)
        {
            await (await connection.Value).DisposeAsync();
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(RedisOptions options, ILogger<RedisConnection> logger)
    {
        var configuration = options.Configuration();
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        if (!multiplexer.IsConnected)
        {
            LogUnreachableAtStart(logger, string.Join(", ", configuration.EndPoints), RedisOptions.ConnectionSetting);
        }

        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                LogLost(logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString(), e.Exception?.Message ?? "");
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                LogRestored(logger, e.EndPoint?.ToString() ?? "?");
            }
        };
        return multiplexer;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot reach Redis at {EndPoints} ({Setting}); this node keeps trying. Until then people in one room on two nodes do not hear each other, and /healthz says unhealthy. Check that redis-server is running there and that {Setting} names its host, port and password")]
    private static partial void LogUnreachableAtStart(ILogger logger, string endPoints, string setting);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost Redis at {EndPoint} ({Failure}: {Problem}). Each node's own connections keep working; people in one room on two nodes do not hear each other until it is back")]
    private static partial void LogLost(ILogger logger, string endPoint, string failure, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {EndPoint} is back: rooms spanning nodes hear each other again")]
    private static partial void LogRestored(ILogger logger, string endPoint);
}
