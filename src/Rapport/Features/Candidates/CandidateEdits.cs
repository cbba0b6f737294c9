using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Interviews;

namespace Rapport.Features.Candidates;

/// <summary>
/// The changes a coordinator makes to a candidate or a loop outside planning: how the candidate is
/// addressed, and who leads a loop's debrief.
/// </summary>
public sealed class CandidateEdits(AppDbContext db, Audit.AuditTrail audit)
{
    /// <summary>Sets the preferred name and pronouns as given (empty clears). Null when the candidate does not exist; otherwise the problems by field (none: saved).</summary>
    public async Task<Dictionary<string, string[]>?> AddressAsync(Guid candidateId, string? preferredName, string? pronouns, CancellationToken ct)
    {
        var candidate = await db.Candidates.SingleOrDefaultAsync(c => c.Id == candidateId, ct);
        if (candidate is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        var preferred = CandidateDirectory.Optional(preferredName, "preferredName", "Preferred name", Candidate.MaxNameLength, errors);
        var said = CandidateDirectory.Optional(pronouns, "pronouns", "Pronouns", Candidate.MaxPronounsLength, errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        candidate.PreferredName = preferred;
        candidate.Pronouns = said;
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>
    /// Hands the loop's debrief to another staff member. Loops keep no trail of their own, so the
    /// change is written to the trail of each of the loop's interviews, where the panel sees it.
    /// </summary>
    public async Task<LifecycleProblem?> ChangeDebriefLeadAsync(Guid loopId, string? leadId, string byId, CancellationToken ct)
    {
        var wanted = leadId?.Trim();
        if (string.IsNullOrEmpty(wanted))
        {
            return new(StatusCodes.Status400BadRequest, "debriefLeadId", "Choose the debrief lead from the list of staff.");
        }

        var lead = await db.Users.SingleOrDefaultAsync(u => u.Id == wanted, ct);
        if (lead is null)
        {
            return new(StatusCodes.Status400BadRequest, "debriefLeadId", $"No staff account has the id {wanted}; choose the debrief lead from the list of staff.");
        }

        var loop = await db.Loops.Include(l => l.DebriefLead).Include(l => l.Interviews).SingleOrDefaultAsync(l => l.Id == loopId, ct);
        if (loop is null)
        {
            return new(StatusCodes.Status404NotFound, "id", "This loop no longer exists.");
        }

        if (loop.State is LoopState.Decided or LoopState.FeedbackSent)
        {
            return new(StatusCodes.Status409Conflict, "state", "This loop is decided; its debrief lead stays who recorded the decision.");
        }

        if (loop.DebriefLeadId == lead.Id)
        {
            // A retried change (say, after a dropped connection) is not an error, and is not written twice.
            return null;
        }

        var detail = $"Debrief lead of the loop for {loop.Role} changed from {loop.DebriefLead?.DisplayName ?? loop.DebriefLeadId} to {lead.DisplayName}.";
        loop.DebriefLeadId = lead.Id;
        foreach (var interview in loop.Interviews)
        {
            audit.Record(Audit.AuditKinds.DebriefLeadChanged, detail, interviewId: interview.Id, loopId: loop.Id, candidateId: loop.CandidateId, personId: lead.Id, actor: Audit.AuditTrail.Staff(byId));
        }

        await db.SaveChangesAsync(ct);
        return null;
    }
}
