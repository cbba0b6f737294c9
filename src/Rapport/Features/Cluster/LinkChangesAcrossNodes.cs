using System.Text.Json;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using StackExchange.Redis;

namespace Rapport.Features.Cluster;

/// <summary>
/// A candidate link withdrawn, replaced or given a new end on one node must close or re-time the
/// connections it opened on every node. This node acts on its own connections at once, then tells
/// the others over Redis; each of them hands what it hears to its own <see cref="CandidateConnections"/>.
/// If Redis is away at that moment, the other nodes still refuse the link's next call once their
/// connection's periodic recheck reads the database (<see cref="RoomAccess"/>), and this is logged.
/// </summary>
public sealed partial class LinkChangesAcrossNodes(CandidateConnections local, RedisConnection redis, ILogger<LinkChangesAcrossNodes> logger)
    : ICandidateLinkListener, IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("candidate-links");
    private static readonly TimeSpan FirstTry = TimeSpan.FromSeconds(10);

    /// <summary>Who this node is, so it does not act twice on what it said itself.</summary>
    private readonly string node = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource stopping = new();

    public async Task LinkEndedAsync(Guid linkId, CandidateLinkEnd why)
    {
        await local.LinkEndedAsync(linkId, why);
        await TellOthersAsync(new LinkChange(node, linkId, why, null));
    }

    public async Task LinkEndMovedAsync(Guid linkId, DateTimeOffset expiresAt)
    {
        await local.LinkEndMovedAsync(linkId, expiresAt);
        await TellOthersAsync(new LinkChange(node, linkId, null, expiresAt));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the node serves anyone, when Redis is there; a node whose Redis is away
        // starts all the same (after a first try) and subscribes once it is back.
        var subscribed = SubscribeAsync(stopping.Token);
        await Task.WhenAny(subscribed, Task.Delay(FirstTry, cancellationToken));
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await stopping.CancelAsync();

    public void Dispose() => stopping.Dispose();

    /// <summary>Until the first subscription holds; from then on the multiplexer subscribes again by itself after each reconnection.</summary>
    private async Task SubscribeAsync(CancellationToken stop)
    {
        var subscriber = (await redis.GetAsync()).GetSubscriber();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await subscriber.SubscribeAsync(Channel, (channel, message) => _ = HeardAsync(message));
                return;
            }
            catch (RedisException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task TellOthersAsync(LinkChange change)
    {
        try
        {
            await (await redis.GetAsync()).GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(change));
        }
        catch (RedisException e)
        {
            LogNotTold(change.Link, e.Message);
        }
    }

    private async Task HeardAsync(RedisValue message)
    {
        try
        {
            var change = JsonSerializer.Deserialize<LinkChange>(message.ToString());
            if (change is null || change.Node == node)
            {
                return;
            }

            if (change.End is { } end)
            {
                await local.LinkEndedAsync(change.Link, end);
            }
            else if (change.ExpiresAt is { } expiresAt)
            {
                await local.LinkEndMovedAsync(change.Link, expiresAt);
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            LogUnreadable(e.Message);
        }
    }

    private sealed record LinkChange(string Node, Guid Link, CandidateLinkEnd? End, DateTimeOffset? ExpiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other nodes that candidate link {Link} changed ({Problem}); their connections of it end at their next recheck of the database")]
    private partial void LogNotTold(Guid link, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a candidate-link message from Redis that is not one of ours ({Problem})")]
    private partial void LogUnreadable(string problem);
}
