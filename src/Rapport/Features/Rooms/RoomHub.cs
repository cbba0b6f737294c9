using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Rooms;

/// <summary>
/// The live room, one connection per person: joining, the panel's actions (RoomHub.Panel.cs), the
/// shared pad (RoomHub.Pad.cs, .Cursors.cs, .Languages.cs) and runs (RoomHub.Runs.cs). Thin: it
/// checks who is calling, appends to the room's log, and tells the right group. Who may be in a
/// room is decided once, when the connection joins (<see cref="RoomAccess"/>); each call is then
/// checked against the connection's <see cref="RoomCaller"/>. Private things (notes, facts) go to
/// the interviewers' group, which a candidate's connection never joins.
/// </summary>
/// <remarks>
/// SignalR makes a hub, and a scope of services, for every call: a keystroke is a call. So the
/// hub asks for its scoped services (access checks with Identity's managers behind them, the
/// interview's lifecycle with the audit trail and mail behind it, and, through the pinned
/// material and the log, the database context) only when a call needs them, from
/// <paramref name="services"/> (the call's scope); a keystroke needs none of them. Built for every call, they were about a third of what the server allocated per keystroke
/// (bench/README.md, "Rooms").
/// </remarks>
[Authorize(Policy = Policies.RoomParticipant)]
public sealed partial class RoomHub(
    IServiceProvider services, RoomLog log, TimeProvider time, PadRegistry pads, RoomRuns runs, Runs.SandboxRuntime sandbox,
    SessionFactTallies facts, RoomAttendance attendance, PinnedMaterials materials, ILogger<RoomHub> logger) : Hub<IRoomClient>
{
    private RoomAccess Access => services.GetRequiredService<RoomAccess>();

    private InterviewLifecycle Lifecycle => services.GetRequiredService<InterviewLifecycle>();

    public const string Path = "/hubs/room";

    /// <summary>
    /// A whole pad of the largest size, even with every character escaped in JSON, fits in one
    /// message; the room's other calls are small and limited one by one.
    /// </summary>
    public const int MaxMessageBytes = 2 * 1024 * 1024;

    public static string Room(Guid interviewId) => $"room:{interviewId}";

    public static string Interviewers(Guid interviewId) => $"room:{interviewId}:interviewers";

    public static string Pad(Guid interviewId) => $"pad:{interviewId}";

    /// <summary>The candidate joins the room their link opens (the interview comes from the link, never from the caller).</summary>
    public async Task<CandidateRoomView> JoinAsCandidate()
    {
        var (interview, member) = await Access.AdmitCandidateAsync(Context.User, Context.ConnectionAborted);
        var present = await EnterAsync(member);
        return await RoomViews.ForCandidateAsync(await MaterialAsync(interview.Id, Context.ConnectionAborted), log, interview, time, present, Context.ConnectionAborted);
    }

    public async Task<InterviewerRoomView> JoinAsInterviewer(Guid interviewId)
    {
        // Before anything happens to the interview (starting it): the address decides which server serves the room.
        RoomAddress.MustName(Context, interviewId);
        var (interview, member) = await Access.AdmitInterviewerAsync(Context.User, interviewId, Context.ConnectionAborted);

        // The panel opening the room is the start; an ended interview's room stays open to the panel, for their notes.
        await Lifecycle.StartAsync(interviewId, member.UserId!, Context.ConnectionAborted);
        var present = await EnterAsync(member);
        return await RoomViews.ForInterviewerAsync(await MaterialAsync(interviewId, Context.ConnectionAborted), log, interview, member, time, present, Context.ConnectionAborted);
    }

    /// <summary>
    /// Who is in this connection's room now. The page asks when someone else's arrival or departure
    /// reached it while its own join was on its way: the join's list may be older than that news.
    /// </summary>
    public async Task<IReadOnlyList<PresentPersonView>> WhoIsHere() => attendance.Of((await InRoomAsync()).InterviewId);

    /// <summary>The candidate's browser reports neutral facts (tab hidden, a large paste); they are context, never an accusation.</summary>
    public async Task RecordFact(string kind, string? detail)
    {
        var caller = CandidateCaller("Only the candidate's page records session facts.");
        if (kind is not (SessionFact.TabHidden or SessionFact.TabVisible or SessionFact.LargePaste))
        {
            throw new HubException("Unknown kind of fact.");
        }

        var text = (detail ?? "").Length > 200 ? detail![..200] : detail ?? "";
        // Coalesced per connection and capped per room before anything is written (see SessionFactTallies).
        await facts.RecordAsync(caller.InterviewId, Context.ConnectionId, kind, text, Context.ConnectionAborted);
    }

    /// <summary>
    /// A connection closed: its cursor goes away, what it still held of facts is logged, and when it
    /// was its person's last connection to the room (a person may have several tabs open), that they left.
    /// </summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (RoomCaller.Of(Context) is { PadClientId: { } clientId } caller)
        {
            await ClosePadAsync(caller.InterviewId, clientId);
        }

        await facts.ConnectionLeftAsync(Context.ConnectionId);
        if (attendance.Left(Context.ConnectionId) is { } departure)
        {
            if (departure.PersonLeft is { } member)
            {
                await LogLeftAsync(member);
            }

            // Sent even when the list is unchanged (a second tab closed): cheap, and the others' view never drifts.
            await Clients.Group(Room(departure.InterviewId)).PresenceChanged(attendance.Of(departure.InterviewId));
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Seats the admitted member on this connection: into the room's groups (the panel's too, for
    /// staff), logged, and announced to the others. A connection that was in another room leaves it
    /// first, pad and groups included, so one connection is only ever in one room.
    /// </summary>
    private async Task<IReadOnlyList<PresentPersonView>> EnterAsync(RoomMember member)
    {
        var ct = Context.ConnectionAborted;
        RoomAddress.MustName(Context, member.InterviewId);
        if (RoomCaller.Of(Context) is { } earlier && earlier.InterviewId != member.InterviewId)
        {
            if (earlier.PadClientId is { } clientId)
            {
                await ClosePadAsync(earlier.InterviewId, clientId);
            }

            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Room(earlier.InterviewId), ct);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Interviewers(earlier.InterviewId), ct);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Pad(earlier.InterviewId), ct);
        }

        var caller = new RoomCaller(member, time.GetUtcNow());
        if (RoomCaller.Of(Context) is { } again && again.InterviewId == member.InterviewId)
        {
            // Joining the same room again (the page redraws after a reconnect): its pad stays open until it opens afresh.
            (caller.PadClientId, caller.CursorSampledAt) = (again.PadClientId, again.CursorSampledAt);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Room(member.InterviewId), ct);
        if (member.Role == RoomActor.Interviewer)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Interviewers(member.InterviewId), ct);
        }

        caller.Hold(Context);
        var joined = await log.AppendAsync(member.InterviewId, new ParticipantJoined(member.Name, member.Role), member.Role, member.UserId, ct);
        if (attendance.Joined(Context.ConnectionId, member) is { } left)
        {
            await LogLeftAsync(left);
            await Clients.Group(Room(left.InterviewId)).PresenceChanged(attendance.Of(left.InterviewId));
        }

        var role = member.Role == RoomActor.Candidate ? "candidate" : "interviewer";
        await Clients.OthersInGroup(Room(member.InterviewId)).ParticipantJoined(new ParticipantView(member.Name, role, joined.Entry.At));
        var present = attendance.Of(member.InterviewId);
        await Clients.OthersInGroup(Room(member.InterviewId)).PresenceChanged(present);
        return present;
    }

    /// <summary>The connection's caller, admitted to a room when it joined; staff access older than a minute is confirmed again first.</summary>
    private async Task<RoomCaller> InRoomAsync()
    {
        var caller = RoomCaller.Of(Context) ?? throw new HubException(RoomAccess.NotJoined);
        if (!RoomAccess.DueForRecheck(caller, time.GetUtcNow()))
        {
            return caller;
        }

        try
        {
            await Access.ConfirmAsync(caller, Context.User, Context.ConnectionAborted);
        }
        catch (HubException)
        {
            // No longer theirs: told why, then the connection goes, so nothing more reaches it.
            await Clients.Caller.ConnectionEnded(RoomAccess.Ended);
            Context.Abort();
            throw;
        }

        return caller;
    }

    /// <summary>The interview's pinned material: kept in memory once read, so the database is asked only the first time.</summary>
    private Task<InterviewMaterial> MaterialAsync(Guid interviewId, CancellationToken ct) => materials.OfAsync(services, interviewId, ct);

    /// <summary>A connection that joined <paramref name="interviewId"/>'s room as the panel; anyone else gets the same refusal.</summary>
    private async Task<RoomCaller> PanelAsync(Guid interviewId)
    {
        var caller = RoomCaller.Of(Context);
        if (caller is null || caller.Member.Role != RoomActor.Interviewer || caller.InterviewId != interviewId)
        {
            throw new HubException(RoomAccess.NotThePanel);
        }

        return await InRoomAsync();
    }

    /// <summary>A connection of the panel that may also change what the candidate sees (<see cref="RoomLead"/>).</summary>
    private async Task<RoomCaller> ActingAsync(Guid interviewId)
    {
        var caller = await PanelAsync(interviewId);
        await MustActAsync(caller);
        return caller;
    }

    /// <summary>Refuses someone who only watches; the room's state is read only where a reverse shadow makes the lead change hands.</summary>
    private async Task MustActAsync(RoomCaller caller)
    {
        var state = RoomLead.DependsOnLead(caller.Member) ? await log.StateAsync(caller.InterviewId, RoomAudience.Interviewers, Context.ConnectionAborted) : null;
        if (!RoomLead.MayAct(caller.Member, state))
        {
            throw new HubException(RoomLead.Watching);
        }
    }

    /// <summary>A connection that joined as the candidate (whose link the candidate filter still lets through).</summary>
    private RoomCaller CandidateCaller(string refusal = RoomAccess.NotTheCandidate) =>
        RoomCaller.Of(Context) is { Member.Role: RoomActor.Candidate } caller ? caller : throw new HubException(refusal);

    /// <summary>Logged like the join it ends, by the same person; never with the connection's token, which is cancelled by now.</summary>
    private async Task LogLeftAsync(RoomMember member)
    {
        try
        {
            await log.AppendAsync(member.InterviewId, new ParticipantLeft(member.Name, member.Role), member.Role, member.UserId, CancellationToken.None);
        }
        catch (DbUpdateException error)
        {
            // The interview was deleted while someone was still in its room: there is no log left to write to.
            LogLeftNotLogged(error, member.InterviewId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not log that someone left the room of interview {InterviewId}")]
    private partial void LogLeftNotLogged(Exception error, Guid interviewId);
}
