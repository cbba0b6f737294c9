using Rapport.Features.Interviews;

namespace Rapport.Features.Rooms;

/// <summary>
/// What a connection may do in its room, by who leads it: <see cref="PanelPartView.MayAct"/> is
/// whether it may change anything the candidate sees (type in the pad or move a cursor there, move
/// the agenda, choose a question, reveal a hint, run code, end the interview). Notes and nudges are
/// the panel's own and open to everyone on it.
/// </summary>
/// <remarks>
/// The candidate always acts. A shadow never does. Without a reverse shadow the rest of the staff
/// act, as they always have. With one, the trainee leads: they act and the interviewers watch until
/// one of them takes over (<see cref="LeadTaken"/>); from then that interviewer acts and the
/// trainee watches, until the lead is handed back. Staff who are not on the panel watch a
/// reverse-shadowed interview too: the lead is the panel's to pass.
/// </remarks>
public static class RoomLead
{
    public const string Watching = "You are watching this interview: only the person leading it changes what the candidate sees.";
    public const string NotAnInterviewer = "Only an interviewer of the panel takes the lead from a trainee or hands it back.";

    /// <summary>Whether deciding needs the room's state (who took the lead); only a reverse-shadowed room's staff do.</summary>
    public static bool DependsOnLead(RoomMember member) =>
        member.Role == RoomActor.Interviewer && member.Seat != PanelRole.Shadow && member.Trainee is not null;

    /// <summary>Whether <paramref name="member"/> may change what the candidate sees; <paramref name="state"/> is read only when <see cref="DependsOnLead"/>.</summary>
    public static bool MayAct(RoomMember member, RoomState? state) =>
        member.Role == RoomActor.Candidate
        || (member.Seat != PanelRole.Shadow && (member.Trainee is null || IsLeading(member, state?.LeadTakenBy)));

    /// <summary>The connection's part in the room, in words for its own screen.</summary>
    public static PanelPartView PartOf(RoomMember member, RoomState state)
    {
        var taken = state.LeadTakenBy;
        var acts = MayAct(member, state);
        var seat = member.Seat is { } s ? PanelRoles.Name(s) : "staff";
        if (member.Seat == PanelRole.Shadow)
        {
            return new(seat, false, false, false, "You are shadowing: you watch and change nothing the candidate sees. Notes you add are the panel's; your scorecard afterwards is practice.");
        }

        if (member.Trainee is not { } trainee)
        {
            return new(seat, acts, false, false, "");
        }

        if (member.Seat == PanelRole.ReverseShadow)
        {
            return taken is null
                ? new(seat, true, false, false, "You lead this interview; the interviewers watch and may take over.")
                : new(seat, false, false, false, $"{taken.Name} took over; you watch now. They may hand the lead back.");
        }

        var mayTakeOver = member.Seat == PanelRole.Interviewer && taken?.UserId != member.UserId;
        return taken switch
        {
            null => new(seat, false, mayTakeOver, false, $"{trainee} leads this interview; you watch. Take over if they need you."),
            { } t when t.UserId == member.UserId => new(seat, true, false, true, $"You took over from {trainee}. Hand the lead back when they are ready."),
            { } t => new(seat, false, mayTakeOver, false, $"{t.Name} took over from {trainee}; you watch."),
        };
    }

    private static bool IsLeading(RoomMember member, LeadTaken? taken) => member.Seat switch
    {
        PanelRole.ReverseShadow => taken is null,
        _ => taken is not null && taken.UserId == member.UserId,
    };
}

/// <summary>
/// A connection's part in its room: <see cref="Seat"/> is interviewer, shadow, reverse-shadow or
/// staff (not on the panel); whether it may act, take the lead or hand it back; and what its screen says of it.
/// </summary>
public sealed record PanelPartView(string Seat, bool MayAct, bool MayTakeOver, bool MayHandBack, string Says);
