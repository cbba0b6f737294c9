using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Rooms;

/// <summary>
/// Someone admitted to a room: the interview, as the candidate or an interviewer (staff: a panel
/// member, a coordinator or an admin), the name the room shows, and the account for the log.
/// </summary>
public sealed record RoomMember(Guid InterviewId, RoomActor Role, string Name, string? UserId)
{
    public const string Candidate = "candidate";

    /// <summary>Staff on the panel: the part they play there; null for the candidate and for staff who are not on it.</summary>
    public PanelRole? Seat { get; init; }

    /// <summary>In a reverse-shadowed interview, the trainee who leads it (their name); null otherwise (<see cref="RoomLead"/>).</summary>
    public string? Trainee { get; init; }
    public const int Palette = 6;

    /// <summary>Tells people apart: the candidate (all their tabs are one person), or a staff user's id.</summary>
    public string Person => UserId ?? Candidate;

    /// <summary>
    /// The candidate always gets the first colour; each interviewer one of the others, by a stable
    /// hash of their account, so the same person keeps their colour across reconnects and sessions.
    /// </summary>
    public int Colour
    {
        get
        {
            if (Role != RoomActor.Interviewer || UserId is null)
            {
                return 0;
            }

            var hash = 2166136261u;
            foreach (var c in UserId)
            {
                // FNV-1a, which relies on wrapping multiplication.
                hash = unchecked((hash ^ c) * 16777619u);
            }

            return 1 + (int)(hash % (Palette - 1));
        }
    }
}

/// <summary>
/// What one connection holds in its room, typed: who was admitted, when staff access was last
/// confirmed, and the pad's client id once the pad is open. One per connection, in
/// <see cref="HubCallerContext.Items"/> under its own type, written only by <see cref="RoomHub"/>.
/// </summary>
public sealed class RoomCaller(RoomMember member, DateTimeOffset confirmedAt)
{
    public RoomMember Member { get; } = member;

    public Guid InterviewId => Member.InterviewId;

    /// <summary>When the database last said this staff member may be in the room (see <see cref="RoomAccess.RecheckAfter"/>).</summary>
    public DateTimeOffset ConfirmedAt { get; set; } = confirmedAt;

    /// <summary>The pad's id for this connection's editor, once it opened the pad; a fresh one each time it opens again.</summary>
    public string? PadClientId { get; set; }

    /// <summary>When this connection's cursor last went into the log (a timestamp of the room's clock).</summary>
    public long? CursorSampledAt { get; set; }

    public static RoomCaller? Of(HubCallerContext context) =>
        context.Items.TryGetValue(typeof(RoomCaller), out var held) ? held as RoomCaller : null;

    public void Hold(HubCallerContext context) => context.Items[typeof(RoomCaller)] = this;
}

/// <summary>
/// The one place that decides who is in which room with which role. Admission happens when a
/// connection joins (the candidate by their link, staff by the panel or their role); every later
/// call is checked in memory against what the connection was admitted to. Staff access is confirmed
/// again against the database when it is older than <see cref="RecheckAfter"/>: a member taken off
/// the panel or signed out everywhere loses the room within that time, and a keystroke never waits
/// on a query. A candidate's connections are closed at once when their link stops working
/// (<see cref="CandidateConnections"/>). See docs/adr/0003-authorization-matrix.md.
/// </summary>
public sealed class RoomAccess(AppDbContext db, SignInManager<AppUser> signIn, TimeProvider time)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(1);

    public const string NotTheCandidate = "Open the room from your interview link.";
    public const string NotThePanel = "Only the interview's panel can do this.";
    public const string NotJoined = "Join the room first.";
    public const string PadNotOpen = "Open the pad first.";
    public const string AccessEnded = "access-ended";

    /// <summary>What a staff connection is told before it is closed for access that ended.</summary>
    public static readonly ConnectionEndedView Ended = new(AccessEnded,
        "Your access to this room has ended: you signed out, or this interview is no longer yours. Sign in again to come back if it still is.");

    /// <summary>The candidate, by their link: the interview comes from the link, never from the caller.</summary>
    public async Task<(Interview Interview, RoomMember Member)> AdmitCandidateAsync(ClaimsPrincipal? user, CancellationToken ct)
    {
        var interviewId = user?.InterviewId() ?? throw new HubException(NotTheCandidate);
        var interview = await db.Interviews.WithPanel().AsNoTracking().SingleOrDefaultAsync(i => i.Id == interviewId, ct)
            ?? throw new HubException("This interview no longer exists.");
        return interview.Status switch
        {
            InterviewStatus.Ended => throw new HubException(CandidateConnections.EndedMessage),
            InterviewStatus.Cancelled => throw new HubException(CandidateConnections.CancelledMessage),
            _ => (interview, new RoomMember(interviewId, RoomActor.Candidate, interview.Loop!.Candidate!.AddressedAs, null)),
        };
    }

    /// <summary>Staff on the panel (or coordinators and admins); anyone else gets the same refusal as for a missing interview.</summary>
    public async Task<(Interview Interview, RoomMember Member)> AdmitInterviewerAsync(ClaimsPrincipal? user, Guid interviewId, CancellationToken ct)
    {
        var interview = await PanelInterviewAsync(user, interviewId, ct) ?? throw new HubException(NotThePanel);
        if (interview.Status == InterviewStatus.Cancelled)
        {
            throw new HubException("This interview was cancelled; its room is closed.");
        }

        var userId = user!.UserId();
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Your interviewer";
        // The panel cannot change once the room has opened (only a planned interview's can), so the seat is fixed for the connection.
        var trainee = interview.Interviewers.FirstOrDefault(a => a.Role == PanelRole.ReverseShadow);
        return (interview, new RoomMember(interviewId, RoomActor.Interviewer, name, userId)
        {
            Seat = interview.Interviewers.FirstOrDefault(a => a.InterviewerId == userId)?.Role,
            Trainee = trainee is null ? null : trainee.Interviewer?.DisplayName ?? "The trainee",
        });
    }

    /// <summary>
    /// Staff access older than <see cref="RecheckAfter"/> is confirmed again: the session must still
    /// be valid (not signed out, password unchanged) and the interview still theirs. Refuses, and
    /// the caller should close the connection, when it no longer is.
    /// </summary>
    public async Task ConfirmAsync(RoomCaller caller, ClaimsPrincipal? user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!DueForRecheck(caller, now))
        {
            return;
        }

        if (user is null || await signIn.ValidateSecurityStampAsync(user) is null || await PanelInterviewAsync(user, caller.InterviewId, ct) is null)
        {
            throw new HubException(NotThePanel);
        }

        caller.ConfirmedAt = now;
    }

    /// <summary>Whether a staff connection's access is old enough to be confirmed again (<see cref="RecheckAfter"/>); a candidate's never is (their link is watched instead).</summary>
    public static bool DueForRecheck(RoomCaller caller, DateTimeOffset now) =>
        caller.Member.Role == RoomActor.Interviewer && now - caller.ConfirmedAt >= RecheckAfter;

    private async Task<Interview?> PanelInterviewAsync(ClaimsPrincipal? user, Guid interviewId, CancellationToken ct)
    {
        if (user is null || user.InterviewId() is not null || !StaffRoles.All.Any(user.IsInRole))
        {
            return null;
        }

        return await db.Interviews.VisibleTo(user).WithPanel().AsNoTracking().SingleOrDefaultAsync(i => i.Id == interviewId, ct);
    }
}
