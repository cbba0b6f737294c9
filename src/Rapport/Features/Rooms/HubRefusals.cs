using Microsoft.AspNetCore.SignalR;
using Rapport.Infrastructure;

namespace Rapport.Features.Rooms;

/// <summary>
/// A hub call refused on purpose (a <see cref="HubException"/>: over the rate limit, a stale
/// version, a closed room) is expected, not a fault: it is logged here as a warning without a
/// stack trace, once per connection and reason a minute, with how many were left unsaid. SignalR's
/// own error entry for it is dropped (<see cref="ExpectedRefusalLogging"/>), so one flooding
/// connection can no longer fill the disk. Any other exception stays an error with its trace.
/// </summary>
public sealed partial class HubRefusals(TimeProvider time, ILogger<HubRefusals> logger) : IHubFilter
{
    /// <summary>A reason is logged at most once a minute per connection.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    /// <summary>Distinct reasons remembered per connection; refusals beyond them are counted, not logged.</summary>
    private const int MaxReasons = 20;

    private const string StateKey = "hub-refusals";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            Note(invocationContext.Context, $"{invocationContext.Hub.GetType().Name}.{invocationContext.HubMethodName}", e.Message);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (HubException e)
        {
            Note(context.Context, $"{context.Hub.GetType().Name}.connect", e.Message);
            throw;
        }
    }

    private void Note(HubCallerContext connection, string call, string reason)
    {
        // Items is the connection's own dictionary; calls of one connection run one at a time, and the
        // lock below covers a refused connect racing its first call.
        if (!connection.Items.TryGetValue(StateKey, out var stored) || stored is not State state)
        {
            state = new State();
            connection.Items[StateKey] = state;
        }

        var now = time.GetTimestamp();
        int unsaid;
        lock (state)
        {
            if (!state.Reasons.TryGetValue(reason, out var seen))
            {
                if (state.Reasons.Count >= MaxReasons)
                {
                    return;
                }

                seen = new Seen { LoggedAt = now, Unsaid = -1 };
                state.Reasons[reason] = seen;
            }
            else if (time.GetElapsedTime(seen.LoggedAt, now) < Quiet)
            {
                seen.Unsaid++;
                return;
            }

            unsaid = Math.Max(0, seen.Unsaid);
            seen.LoggedAt = now;
            seen.Unsaid = 0;
        }

        LogRefused(logger, call, connection.ConnectionId, connection.UserIdentifier ?? "a candidate link", ShownText.Quote(reason), unsaid);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Refused {Call} from connection {ConnectionId} ({User}): {Reason} ({Unsaid} more refusal(s) for this reason in the last minute were not logged; the next is logged a minute after this one.)")]
    private static partial void LogRefused(ILogger logger, string call, string connectionId, string user, string reason, int unsaid);

    private sealed class State
    {
        public Dictionary<string, Seen> Reasons { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Seen
    {
        public long LoggedAt { get; set; }

        public int Unsaid { get; set; }
    }
}
