using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Rooms;

namespace Rapport.Features.Coaching;

/// <summary>A nudge as the panel's screen shows it.</summary>
public sealed record NudgeView(string Key, string Kind, string Says, DateTimeOffset At)
{
    /// <summary>The nudges shown in a room that nobody has put away, for a panel member joining it.</summary>
    public static List<NudgeView> Open(RoomState state) =>
        [.. state.Nudges.Where(n => !state.DismissedNudges.Contains(n.Nudge.Key)).Select(n => new NudgeView(n.Nudge.Key, n.Nudge.Kind, n.Nudge.Says, n.At))];
}

/// <summary>
/// Looks at every room with someone of the panel in it, every <see cref="Every"/>, and nudges the
/// panel (<see cref="NudgeRules"/>): each nudge is logged for the panel's eyes only, then sent to
/// the interviewers' group, which a candidate's connection never joins.
/// </summary>
public sealed partial class NudgeWatch(IServiceScopeFactory scopes, RoomAttendance attendance, PinnedMaterials materials, TimeProvider time,
    IHubContext<RoomHub, IRoomClient> hub, ILogger<NudgeWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim one = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception error) when (error is DbUpdateException or InvalidOperationException or HubException)
                {
                    // A nudge is a kindness, never a reason to stop: the next look tries again.
                    LogCheckFailed(error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    /// <summary>Looks at every room with the panel in it now, once (one look at a time).</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        var rooms = attendance.WithPanel();
        if (rooms.Count == 0)
        {
            return;
        }

        await one.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var log = scope.ServiceProvider.GetRequiredService<RoomLog>();
            var interviews = await db.Interviews.AsNoTracking().Where(i => rooms.Contains(i.Id) && i.EndedAt == null).ToListAsync(ct);
            foreach (var interview in interviews)
            {
                try
                {
                    var state = await log.StateAsync(interview.Id, RoomAudience.Interviewers, ct);
                    var material = await materials.OfAsync(scope.ServiceProvider, interview.Id, ct);
                    foreach (var nudge in NudgeRules.Due(state, interview, material, time.GetUtcNow()))
                    {
                        var logged = await log.AppendAsync(interview.Id, nudge, RoomActor.System, null, ct);
                        await hub.Clients.Group(RoomHub.Interviewers(interview.Id)).Nudged(new NudgeView(nudge.Key, nudge.Kind, nudge.Says, logged.Entry.At));
                    }
                }
                catch (Exception error) when (error is DbUpdateException or InvalidOperationException)
                {
                    // One room that cannot be nudged (deleted meanwhile, material that no longer parses) must not keep the others from theirs.
                    LogRoomFailed(error, interview.Id);
                }
            }
        }
        finally
        {
            one.Release();
        }
    }

    public override void Dispose()
    {
        one.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for nudges in the room of interview {InterviewId} failed; the other rooms go on")]
    private partial void LogRoomFailed(Exception error, Guid interviewId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for nudges to show the panel failed; trying again shortly")]
    private partial void LogCheckFailed(Exception error);
}
