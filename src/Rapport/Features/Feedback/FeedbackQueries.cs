using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Candidates;

namespace Rapport.Features.Feedback;

public static class FeedbackQueries
{
    /// <summary>The sent letter of the loop an interview belongs to, or null: what a candidate's link may read.</summary>
    public static Task<FeedbackLetter?> SentLetterForInterviewAsync(this AppDbContext db, Guid interviewId, CancellationToken ct) =>
        db.FeedbackLetters.AsNoTracking()
            .Where(l => l.State == FeedbackLetterState.Sent && db.Interviews.Any(i => i.Id == interviewId && i.LoopId == l.LoopId))
            .SingleOrDefaultAsync(ct);

    /// <summary>Decided loops (hire or no hire) whose letter is not sent, oldest decision first: candidates still waiting to hear.</summary>
    public static async Task<List<PendingFeedbackRow>> PendingAsync(this AppDbContext db, CancellationToken ct)
    {
        var loops = await db.Loops.AsNoTracking()
            .Where(l => l.State == LoopState.Decided && (l.Decision == LoopDecision.Hire || l.Decision == LoopDecision.NoHire))
            .Select(l => new
            {
                l.Id,
                l.Candidate!.Name,
                l.Candidate.PreferredName,
                l.Role,
                l.DecidedAt,
                l.CreatedAt,
                Letter = db.FeedbackLetters.Where(f => f.LoopId == l.Id).Select(f => (FeedbackLetterState?)f.State).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // Ordered here: SQLite cannot order by a date with an offset.
        return [.. loops
            .Select(l => new PendingFeedbackRow(l.Id, l.PreferredName ?? l.Name, l.Role, l.DecidedAt ?? l.CreatedAt, l.Letter switch
            {
                FeedbackLetterState.Draft => "draft",
                FeedbackLetterState.Approved => "approved",
                FeedbackLetterState.Sent => "sent",
                _ => "not drafted",
            }))
            .OrderBy(r => r.DecidedAt).ThenBy(r => r.LoopId)];
    }
}
