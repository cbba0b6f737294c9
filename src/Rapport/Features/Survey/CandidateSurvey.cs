using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Survey;

/// <summary>Where one interview's survey stands, as its candidate sees it.</summary>
public sealed record SurveyState(bool IsOpen, DateTimeOffset OpensAt, bool Answered);

public enum SurveyOutcome
{
    Saved,
    Invalid,
    NotOpenYet,
    AlreadyAnswered,
    UnknownInterview,
}

public sealed record SurveySubmission(SurveyOutcome Outcome, IReadOnlyDictionary<string, string[]> Problems)
{
    public static SurveySubmission Of(SurveyOutcome outcome) => new(outcome, new Dictionary<string, string[]>());
}

/// <summary>
/// Takes a candidate's answers for the interview their link opens. The response is stored apart
/// from the interview; only a receipt (this interview's survey was answered) names it, written in
/// the same transaction, so a second answer is refused and a failed one leaves nothing behind.
/// </summary>
public sealed class CandidateSurvey(AppDbContext db, TimeProvider time, RandomNumberGenerator random)
{
    public async Task<SurveyState?> StateAsync(Guid interviewId, CancellationToken ct)
    {
        var interview = await db.Interviews.AsNoTracking().SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is null)
        {
            return null;
        }

        var answered = await db.SurveyReceipts.AnyAsync(r => r.InterviewId == interviewId, ct);
        return new SurveyState(SurveyWindow.IsOpen(interview, time.GetUtcNow()), SurveyWindow.OpensAt(interview), answered);
    }

    public async Task<SurveySubmission> SubmitAsync(Guid interviewId, SurveyAnswers answers, IReadOnlyDictionary<string, string[]>? formProblems, CancellationToken ct)
    {
        // The state first: "already answered" matters more to the candidate than a field they got wrong.
        var state = await StateAsync(interviewId, ct);
        if (state is null)
        {
            return SurveySubmission.Of(SurveyOutcome.UnknownInterview);
        }

        if (state.Answered)
        {
            return SurveySubmission.Of(SurveyOutcome.AlreadyAnswered);
        }

        if (!state.IsOpen)
        {
            return SurveySubmission.Of(SurveyOutcome.NotOpenYet);
        }

        var problems = formProblems is { Count: > 0 } ? new Dictionary<string, string[]>(formProblems) : answers.Problems();
        if (problems.Count > 0)
        {
            return new SurveySubmission(SurveyOutcome.Invalid, problems);
        }

        // The answer is about those who ran the interview: a shadow only watched (a reverse shadow led, and is counted).
        var panel = await db.InterviewAssignments.Where(a => a.InterviewId == interviewId && a.Role != Interviews.PanelRole.Shadow).Select(a => a.InterviewerId).ToListAsync(ct);
        var response = new SurveyResponse
        {
            Id = RandomId(),
            Week = SurveyWindow.WeekOf(time.GetUtcNow()),
            ExpectationsClear = answers.ExpectationsClear,
            TreatedWithRespect = answers.TreatedWithRespect,
            HintsHelped = answers.HintsHelped,
            NoHintsGiven = answers.NoHintsGiven,
            TimeForQuestions = answers.TimeForQuestions,
            Overall = answers.Overall!.Value,
            Comment = answers.CleanComment,
        };
        response.Interviewers.AddRange(panel.Distinct().Select(id => new SurveyResponseInterviewer { ResponseId = response.Id, InterviewerId = id }));
        db.SurveyResponses.Add(response);
        db.SurveyReceipts.Add(new SurveyReceipt { InterviewId = interviewId });

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await ShuffleStoredOrderAsync(response.Id, interviewId, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            // Two answers from one link at the same moment: the receipt's key let only one in.
            if (await db.SurveyReceipts.AnyAsync(r => r.InterviewId == interviewId, ct))
            {
                return SurveySubmission.Of(SurveyOutcome.AlreadyAnswered);
            }

            throw;
        }

        return SurveySubmission.Of(SurveyOutcome.Saved);
    }

    /// <summary>
    /// SQLite numbers the rows of these tables in the order they were written (the hidden rowid),
    /// which a copy of the database file would show; matched against the receipts' order, that
    /// would lead from a response to its interview. A random rowid puts each new row at a random
    /// place. (PostgreSQL's equivalents are covered in docs/adr/0009-survey-anonymity.md.)
    /// </summary>
    private async Task ShuffleStoredOrderAsync(Guid responseId, Guid interviewId, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        // random() is evaluated per row; a clash among 2^64 values would fail the transaction, not mix rows.
        await db.Database.ExecuteSqlAsync($"UPDATE \"SurveyResponses\" SET rowid = random() WHERE \"Id\" = {responseId}", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE \"SurveyResponseInterviewers\" SET rowid = random() WHERE \"ResponseId\" = {responseId}", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE \"SurveyReceipts\" SET rowid = random() WHERE \"InterviewId\" = {interviewId}", ct);
    }

    /// <summary>A version-4 id from the injected generator: random, so it says nothing about when it was made.</summary>
    private Guid RandomId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.GetBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
