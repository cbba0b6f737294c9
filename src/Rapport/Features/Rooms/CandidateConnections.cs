using Microsoft.AspNetCore.SignalR;
using Rapport.Features.Interviews;

namespace Rapport.Features.Rooms;

/// <summary>
/// The live room connections that candidate links opened, per link, so that a link that
/// stops working ends them at once: withdrawn or replaced (<see cref="CandidateLinks"/> tells us
/// through <see cref="ICandidateLinkListener"/> once it is saved), or expired. Each connection is
/// told why (<see cref="IEndedConnectionClient.ConnectionEnded"/>), then closed; the page shows
/// the reason and does not reconnect. As a hub filter it also refuses a link's connection beyond
/// <see cref="PerLink"/>, and every call made with a link that no longer works. Staff
/// connections pass through untouched.
/// </summary>
/// <remarks>
/// In memory, for this server's connections; with several nodes, <see cref="Cluster.LinkChangesAcrossNodes"/>
/// tells every node of a withdrawal made on one.
/// </remarks>
public sealed partial class CandidateConnections(
    TimeProvider time, IHubContext<RoomHub, IRoomClient> room, ILogger<CandidateConnections> logger)
    : IHubFilter, ICandidateLinkListener, IDisposable
{
    /// <summary>Live connections of one link: the candidate's own tabs, a reload or two among them.</summary>
    public const int PerLink = 3;

    public const string LinkWithdrawn = "link-withdrawn";
    public const string LinkReplaced = "link-replaced";
    public const string LinkExpired = "link-expired";
    public const string TooManyConnections = "too-many-connections";
    public const string InterviewEnded = "interview-ended";
    public const string InterviewCancelled = "interview-cancelled";

    /// <summary>What the candidate reads when the panel ends the interview: thanks, and what happens next.</summary>
    public const string EndedMessage = "Thank you for your time today: the interview has ended. Your interviewers now write down what they saw, "
        + "and you will hear from us with feedback, whatever the outcome. Your interview page keeps working; it is where your feedback will be.";

    public const string CancelledMessage = "This interview has been cancelled, so the room is closed. We are sorry for the trouble; "
        + "someone from the team will be in touch about what happens next.";

    public const string NoLongerValid = "This link is no longer valid. If you think this is a mistake, contact the person who invited you.";

    public static readonly ConnectionEndedView TooMany = new(
        TooManyConnections,
        $"This interview is already open in {PerLink} tabs or windows with your link. Close one of them, then reload this page.");

    /// <summary>A timer waits at most this long before looking again (a system timer cannot wait more than about 49 days).</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a withdrawn or replaced link is remembered once none of its connections is left. A
    /// connection whose link the database still called active registers a moment later (within the
    /// handshake's 15 seconds); remembering the end this long refuses it instead of letting it live.
    /// </summary>
    private static readonly TimeSpan RememberEnded = TimeSpan.FromMinutes(2);

    /// <summary>How long telling a connection why it ends may take before it is closed anyway.</summary>
    private static readonly TimeSpan TellFor = TimeSpan.FromSeconds(2);

    private const string ConnectionKey = "candidate-link-connection";

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, LinkLife> links = [];

    public static ConnectionEndedView Ended(CandidateLinkEnd end) => end switch
    {
        CandidateLinkEnd.Replaced => new(LinkReplaced, "This link has been replaced by a newer one, so it no longer opens your interview. "
            + "Please use the newest link you were sent; if you think this is a mistake, contact the person who invited you."),
        CandidateLinkEnd.InterviewEnded => new(InterviewEnded, EndedMessage),
        CandidateLinkEnd.InterviewCancelled => new(InterviewCancelled, CancelledMessage),
        CandidateLinkEnd.Expired => new(LinkExpired, "This link has expired, so it no longer opens your interview. "
            + "If you think this is a mistake, contact the person who invited you."),
        _ => new(LinkWithdrawn, NoLongerValid),
    };

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Context.User?.CandidateLink() is not { } link)
        {
            await next(context);
            return;
        }

        var connectionId = context.Context.ConnectionId;
        Func<ConnectionEndedView, Task> tell = ended => room.Clients.Client(connectionId).ConnectionEnded(ended);
        var (connection, refusal) = Register(link.Id, link.ExpiresAt, context.Context, tell);
        if (connection is null)
        {
            // Never reaches the hub: told why and closed, before it can open the pad or join the room.
            await TellAndCloseAsync(context.Context, tell, refusal!);
            return;
        }

        context.Context.Items[ConnectionKey] = connection;
        try
        {
            await next(context);
        }
        catch
        {
            Unregister(connection);
            throw;
        }
    }

    /// <summary>
    /// Belt and braces: the close should come first, but a call that slips in before it (or a
    /// close that went astray) is refused all the same. Cheap, as each call on the pad is a
    /// keystroke: an entry of the connection's items and a reference read, no database.
    /// </summary>
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.Context.Items.TryGetValue(ConnectionKey, out var held) && held is LiveConnection connection
            && connection.Link.State.EndAt(time.GetUtcNow()) is { } end)
        {
            _ = TellAndCloseAsync(connection.Context, connection.Tell, Ended(end));
            throw new HubException(Ended(end).Message);
        }

        return next(invocationContext);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Context.Items.TryGetValue(ConnectionKey, out var held) && held is LiveConnection connection)
        {
            Unregister(connection);
        }

        await next(context, exception);
    }

    public Task LinkEndedAsync(Guid linkId, CandidateLinkEnd why)
    {
        List<LiveConnection> ending;
        lock (gate)
        {
            ForgetLongEnded();
            if (!links.TryGetValue(linkId, out var life))
            {
                // No connection yet, but one may be registering on the strength of an earlier look at the database.
                links[linkId] = life = new LinkLife(linkId, new LinkState(DateTimeOffset.MaxValue, null));
            }

            if (life.State.End is not null)
            {
                return Task.CompletedTask;
            }

            life.State = life.State with { End = why };
            life.EndedAt = time.GetTimestamp();
            ending = StopWatchingLocked(life);
        }

        return CloseAsync(linkId, why, ending);
    }

    public Task LinkEndMovedAsync(Guid linkId, DateTimeOffset expiresAt)
    {
        List<LiveConnection> ending;
        lock (gate)
        {
            if (!links.TryGetValue(linkId, out var life) || life.State.End is not null)
            {
                return Task.CompletedTask;
            }

            life.State = life.State with { ExpiresAt = expiresAt };
            var now = time.GetUtcNow();
            if (now < expiresAt)
            {
                life.Timer?.Change(WaitFor(life, now), Timeout.InfiniteTimeSpan);
                return Task.CompletedTask;
            }

            ending = StopWatchingLocked(life);
        }

        return CloseAsync(linkId, CandidateLinkEnd.Expired, ending);
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var life in links.Values)
            {
                life.Timer?.Dispose();
                life.Timer = null;
            }
        }
    }

    private (LiveConnection? Connection, ConnectionEndedView? Refusal) Register(
        Guid linkId, DateTimeOffset expiresAt, HubCallerContext context, Func<ConnectionEndedView, Task> tell)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            ForgetLongEnded();
            if (!links.TryGetValue(linkId, out var life))
            {
                links[linkId] = life = new LinkLife(linkId, new LinkState(expiresAt, null));
            }

            if (life.State.EndAt(now) is { } end)
            {
                ForgetIfIdleLocked(life);
                return (null, Ended(end));
            }

            if (life.Connections.Count >= PerLink)
            {
                if (!life.RefusalLogged)
                {
                    life.RefusalLogged = true;
                    LogTooMany(linkId, PerLink);
                }

                return (null, TooMany);
            }

            var connection = new LiveConnection(context, tell, life);
            life.Connections.Add(connection);
            // One timer per link, not per connection: a link's tabs expire together. It is set for
            // the moment of expiry rather than a sweep every so often, so nothing runs while a link
            // is valid and nothing outlives it by a sweep's period; TimeProvider drives it, so the
            // fake clock of the tests does too.
            life.Timer ??= time.CreateTimer(Expire, life, WaitFor(life, now), Timeout.InfiniteTimeSpan);
            return (connection, null);
        }
    }

    private void Unregister(LiveConnection connection)
    {
        lock (gate)
        {
            connection.Link.Connections.Remove(connection);
            ForgetIfIdleLocked(connection.Link);
        }
    }

    /// <summary>The link's timer went off: it expired, or (a long wait, or an end moved meanwhile) it is time to look again.</summary>
    private void Expire(object? state)
    {
        var life = (LinkLife)state!;
        List<LiveConnection> ending;
        lock (gate)
        {
            if (life.Timer is null)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (life.State.EndAt(now) is null)
            {
                life.Timer.Change(WaitFor(life, now), Timeout.InfiniteTimeSpan);
                return;
            }

            ending = StopWatchingLocked(life);
        }

        // A timer's callback cannot wait; CloseAsync closes every connection whatever happens to the telling.
        _ = CloseAsync(life.Id, CandidateLinkEnd.Expired, ending);
    }

    private static TimeSpan WaitFor(LinkLife life, DateTimeOffset now)
    {
        var left = life.State.ExpiresAt - now;
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < LongestWait ? left : LongestWait;
    }

    /// <summary>Under the gate: the link's timer stops, and its connections are returned to be closed.</summary>
    private static List<LiveConnection> StopWatchingLocked(LinkLife life)
    {
        life.Timer?.Dispose();
        life.Timer = null;
        return [.. life.Connections];
    }

    /// <summary>Under the gate: a link without connections is forgotten, unless it ended by a coordinator's hand (see <see cref="RememberEnded"/>).</summary>
    private void ForgetIfIdleLocked(LinkLife life)
    {
        if (life.Connections.Count == 0 && life.State.End is null && links.GetValueOrDefault(life.Id) == life)
        {
            life.Timer?.Dispose();
            life.Timer = null;
            links.Remove(life.Id);
        }
    }

    private void ForgetLongEnded()
    {
        var now = time.GetTimestamp();
        foreach (var (id, life) in links.Where(l => l.Value.State.End is not null && l.Value.Connections.Count == 0).ToList())
        {
            if (time.GetElapsedTime(life.EndedAt, now) > RememberEnded)
            {
                links.Remove(id);
            }
        }
    }

    private async Task CloseAsync(Guid linkId, CandidateLinkEnd end, List<LiveConnection> ending)
    {
        if (ending.Count == 0)
        {
            return;
        }

        LogClosing(linkId, end, ending.Count);
        var view = Ended(end);
        await Task.WhenAll(ending.Select(c => TellAndCloseAsync(c.Context, c.Tell, view)));
    }

    /// <summary>Told first, so the page can say why; closed whatever happens, so a slow or vanished client cannot keep a link alive.</summary>
    private async Task TellAndCloseAsync(HubCallerContext context, Func<ConnectionEndedView, Task> tell, ConnectionEndedView view)
    {
        try
        {
            await tell(view).WaitAsync(TellFor, time);
        }
        catch (Exception error)
        {
            LogNotTold(error, context.ConnectionId);
        }
        finally
        {
            context.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidate link {LinkId} ended ({End}): closing its {Count} live connection(s)")]
    private partial void LogClosing(Guid linkId, CandidateLinkEnd end, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Candidate link {LinkId} refused a connection to the room: it already has {Limit} there")]
    private partial void LogTooMany(Guid linkId, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} could not be told why it ends; closed anyway")]
    private partial void LogNotTold(Exception error, string connectionId);

    /// <summary>What is known of a link here: when it expires and whether it was ended (never undone). Replaced whole, so a hub call reads it without the gate.</summary>
    private sealed record LinkState(DateTimeOffset ExpiresAt, CandidateLinkEnd? End)
    {
        public CandidateLinkEnd? EndAt(DateTimeOffset now) => End ?? (now >= ExpiresAt ? CandidateLinkEnd.Expired : null);
    }

    /// <summary>One link's live connections and its timer; everything but <see cref="State"/> is read and written under the gate.</summary>
    private sealed class LinkLife(Guid id, LinkState state)
    {
        private volatile LinkState current = state;

        public Guid Id => id;

        public LinkState State
        {
            get => current;
            set => current = value;
        }

        public List<LiveConnection> Connections { get; } = [];

        public ITimer? Timer { get; set; }

        public long EndedAt { get; set; }

        public bool RefusalLogged { get; set; }
    }

    private sealed record LiveConnection(HubCallerContext Context, Func<ConnectionEndedView, Task> Tell, LinkLife Link);
}
