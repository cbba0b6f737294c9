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
    public async Task<PanelPartView> TakeTheLead(Guid interviewId)
    {
        var caller = await LeadersAsync(interviewId);
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            // Under the room's lock, so two interviewers pressing at once take it one after the other, each logged.
            var state = await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted);
            if (!RoomLead.PartOf(caller.Member, state).MayTakeOver)
            {
                throw new HubException(caller.Member.Trainee is null
                    ? "Nobody is training in this interview, so there is no lead to take over."
                    : "You lead this interview already.");
            }

            await log.AppendAsync(interviewId, new LeadTaken(caller.Member.UserId!, caller.Member.Name), RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
            await Clients.Group(Interviewers(interviewId)).LeadChanged($"{caller.Member.Name} took over from {caller.Member.Trainee}.");
            return RoomLead.PartOf(caller.Member, await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted));
        }
    }

    /// <summary>The interviewer who took over gives the lead back to the trainee.</summary>
    public async Task<PanelPartView> HandBackTheLead(Guid interviewId)
    {
        var caller = await LeadersAsync(interviewId);
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            var state = await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted);
            if (!RoomLead.PartOf(caller.Member, state).MayHandBack)
            {
                throw new HubException("Only the interviewer who took over can hand the lead back.");
            }

            await log.AppendAsync(interviewId, new LeadHandedBack(caller.Member.Name), RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
            await Clients.Group(Interviewers(interviewId)).LeadChanged($"{caller.Member.Name} handed the lead back to {caller.Member.Trainee}.");
            return RoomLead.PartOf(caller.Member, await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted));
        }
    }

    /// <summary>An interviewer of the panel: only they take the lead from a trainee or hand it back; shadows, the trainee and staff not on the panel never do.</summary>
    private async Task<RoomCaller> LeadersAsync(Guid interviewId)
    {
        var caller = await PanelAsync(interviewId);
        return caller.Member.Seat == Interviews.PanelRole.Interviewer ? caller : throw new HubException(RoomLead.NotAnInterviewer);
    }
}
