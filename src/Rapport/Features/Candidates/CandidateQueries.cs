using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Candidates;

public static class CandidateQueries
{
    public const int PageSize = 50;

    public const int MaxQueryLength = 200;

    /// <summary>
    /// Filters in SQL to the loops this staff member may see: every loop for coordinators and admins;
    /// otherwise the loops they lead the debrief of or sit on a panel in, so nobody else learns a loop exists.
    /// </summary>
    public static IQueryable<Loop> VisibleTo(this IQueryable<Loop> loops, ClaimsPrincipal user)
    {
        if (user.SeesAllInterviews())
        {
            return loops;
        }

        var userId = user.UserId();
        return loops.Where(l => l.DebriefLeadId == userId || l.Interviews.Any(i => i.Interviewers.Any(a => a.InterviewerId == userId)));
    }

    /// <summary>The loop with its candidate, debrief lead, and interviews with their panels: everything <see cref="LoopResponse"/> shows.</summary>
    public static IQueryable<Loop> WithInterviews(this IQueryable<Loop> loops) => loops
        .Include(l => l.Candidate).Include(l => l.DebriefLead)
        .Include(l => l.Interviews).ThenInclude(i => i.Interviewers).ThenInclude(a => a.Interviewer);

    /// <summary>The candidate with every loop as <see cref="CandidateResponse"/> shows it.</summary>
    public static IQueryable<Candidate> WithLoops(this IQueryable<Candidate> candidates) => candidates
        .Include(c => c.Loops).ThenInclude(l => l.DebriefLead)
        .Include(c => c.Loops).ThenInclude(l => l.Interviews).ThenInclude(i => i.Interviewers).ThenInclude(a => a.Interviewer);

    /// <summary>
    /// The search box's problem, or null. Any text is searched for as text (no wildcards); only a
    /// length past <see cref="MaxQueryLength"/> or a page below 1 is refused.
    /// </summary>
    public static Dictionary<string, string[]> CheckSearch(string? query, int page)
    {
        var errors = new Dictionary<string, string[]>();
        if (query?.Trim().Length > MaxQueryLength)
        {
            errors["query"] = [$"The search is {query.Trim().Length} characters long; the limit is {MaxQueryLength}. Search for part of a name or email."];
        }

        if (page < 1)
        {
            errors["page"] = [$"Page {page} does not exist; pages start at 1."];
        }

        return errors;
    }

    /// <summary>
    /// One page of candidates whose name, preferred name or email contains <paramref name="query"/>,
    /// newest activity (the latest change to any of their interviews) first.
    /// </summary>
    public static async Task<CandidateListResponse> ListAsync(AppDbContext db, string? query, int page, CancellationToken ct)
    {
        var matching = Matching(db, query?.Trim());
        // Ids of the page first, ordered in SQL; then those few candidates with their loops.
        var ids = await matching
            .Select(c => new
            {
                c.Id,
                Activity = c.Loops.SelectMany(l => l.Interviews).SelectMany(i => i.Changes).Max(ch => (DateTimeOffset?)ch.At) ?? c.CreatedAt,
            })
            .OrderByDescending(c => c.Activity).ThenByDescending(c => c.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .ToListAsync(ct);
        var shown = ids.Take(PageSize).ToList();
        var shownIds = shown.Select(c => c.Id).ToList();
        var candidates = await db.Candidates.AsNoTracking().Where(c => shownIds.Contains(c.Id))
            .Include(c => c.Loops).ThenInclude(l => l.Interviews).AsSplitQuery().ToDictionaryAsync(c => c.Id, ct);
        return new CandidateListResponse([.. shown.Select(c => Summary(candidates[c.Id], c.Activity))], page, ids.Count > PageSize);
    }

    private static CandidateSummaryResponse Summary(Candidate candidate, DateTimeOffset activity)
    {
        var interviews = candidate.Loops.SelectMany(l => l.Interviews).ToList();
        return new(
            candidate.Id,
            candidate.AddressedAs,
            candidate.Name,
            candidate.Pronouns,
            candidate.Email,
            [.. candidate.Loops.OrderByDescending(l => l.CreatedAt).Select(l => new LoopSummaryResponse(l.Id, l.Role, LoopResponse.StateName(l.State), l.Interviews.Count))],
            interviews.Count,
            interviews.Where(i => i.Status == InterviewStatus.Planned).Select(i => (DateTimeOffset?)i.ScheduledAt).Min(),
            activity);
    }

    /// <summary>
    /// Case is folded for ASCII letters only (as <see cref="Candidate.NormalizeEmail"/> does), the
    /// same on both databases: SQLite's lower() folds ASCII alone, and PostgreSQL's does too under
    /// the "C" collation. So "ALICE" finds alice, while "ÉLODIE" and "élodie" stay different words.
    /// The text is matched with instr/strpos, never LIKE, so % and _ are only characters.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1862", Justification = "Translated to SQL: lower() folds ASCII only, which is the point; no StringComparison overload translates so.")]
    private static IQueryable<Candidate> Matching(AppDbContext db, string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return db.Candidates;
        }

        var folded = Candidate.NormalizeEmail(query);
        return db.Database.IsNpgsql()
            ? db.Candidates.Where(c =>
                EF.Functions.Collate(c.Name, "C").ToLower().Contains(folded)
                || EF.Functions.Collate(c.PreferredName!, "C").ToLower().Contains(folded)
                || c.NormalizedEmail.Contains(folded))
            : db.Candidates.Where(c =>
                c.Name.ToLower().Contains(folded)
                || c.PreferredName!.ToLower().Contains(folded)
                || c.NormalizedEmail.Contains(folded));
    }
}
