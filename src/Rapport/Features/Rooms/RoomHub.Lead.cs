using Microsoft.AspNetCore.SignalR;

namespace Rapport.Features.Rooms;

/// <summary>Who leads a reverse-shadowed interview: an interviewer takes over from the trainee and hands the lead back (<see cref="RoomLead"/>).</summary>
public sealed partial class RoomHub
{
    /// <summary>This connection's part in its room now: what it may do, and what its screen says of it.</summary>
    public async Task<PanelPartView> MyPart(Guid interviewId)
    {
        var caller = await PanelAsync(interviewId);
        return RoomLead.PartOf(caller.Member, await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted));
    }

    /// <summary>An interviewer watching a trainee lead takes over: from now on they act and the trainee watches.</summary>
    public Task<PanelPartView> TakeTheLead(Guid interviewId) =>
        PassTheLeadAsync(
            interviewId,
            (caller, part) => part.MayTakeOver ? null
                : caller.Member.Trainee is null ? "Nobody is training in this interview, so there is no lead to take over."
                : "You lead this interview already.",
            caller => (new LeadTaken(caller.Member.UserId!, caller.Member.Name), $"{caller.Member.Name} took over from {caller.Member.Trainee}."));

    /// <summary>The interviewer who took over gives the lead back to the trainee.</summary>
    public Task<PanelPartView> HandBackTheLead(Guid interviewId) =>
        PassTheLeadAsync(
            interviewId,
            (_, part) => part.MayHandBack ? null : "Only the interviewer who took over can hand the lead back.",
            caller => (new LeadHandedBack(caller.Member.Name), $"{caller.Member.Name} handed the lead back to {caller.Member.Trainee}."));

    /// <summary>
    /// Passes the lead, when <paramref name="refusal"/> finds nothing against it: logged for the
    /// panel, and every panel screen told. Under the room's lock, so two interviewers pressing at
    /// once are taken one after the other, each checked against what the other did.
    /// </summary>
    private async Task<PanelPartView> PassTheLeadAsync(
        Guid interviewId, Func<RoomCaller, PanelPartView, string?> refusal, Func<RoomCaller, (RoomEventPayload Event, string Says)> passing)
    {
        var caller = await PanelAsync(interviewId);
        if (caller.Member.Seat != Interviews.PanelRole.Interviewer)
        {
            // Shadows, the trainee and staff not on the panel never pass the lead: refused for who they are.
            throw new HubException(RoomLead.NotAnInterviewer);
        }

        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            var state = await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted);
            if (refusal(caller, RoomLead.PartOf(caller.Member, state)) is { } problem)
            {
                throw new HubException(problem);
            }

            var (payload, says) = passing(caller);
            await log.AppendAsync(interviewId, payload, RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
            await Clients.Group(Interviewers(interviewId)).LeadChanged(says);
            return RoomLead.PartOf(caller.Member, await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted));
        }
    }
}
