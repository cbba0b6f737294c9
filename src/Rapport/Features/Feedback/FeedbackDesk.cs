using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Features.Mail;
using Rapport.Infrastructure;

namespace Rapport.Features.Feedback;

/// <summary>Why a feedback action was refused: the status and the problems by field.</summary>
public sealed record FeedbackProblem(int Status, Dictionary<string, string[]> Errors)
{
    public static FeedbackProblem Field(int status, string field, string message) => new(status, new() { [field] = [message] });
}

/// <summary>A loop's letter with what the page shows beside it.</summary>
public sealed record FeedbackLetterView(FeedbackLetter Letter, Loop Loop, string? ApprovedBy, bool SendingEnabled);

/// <summary>
/// The debrief lead's (and coordinators') desk for a loop's feedback letter: drafted the first time
/// it is opened for a decided loop, then edited, approved and sent. Everyone else of the staff is
/// told the loop does not exist, as for any loop they have no part in.
/// </summary>
public sealed class FeedbackDesk(
    AppDbContext db, Audit.AuditTrail audit, FeedbackDrafter drafter, FeedbackMail mail, MailOutbox outbox, CandidateLinks links, IOptions<FeedbackOptions> options, TimeProvider time)
{
    public const string NotDecided = "This loop has no decision yet: the letter is drafted once the debrief records hire or no hire.";
    public const string MoreSignal = "The debrief asked for more signal, which is not an outcome to tell the candidate: the letter is drafted once the loop is decided hire or no hire.";

    public bool SendingEnabled => options.Value.SendToCandidates;

    public async Task<(FeedbackLetterView? View, FeedbackProblem? Problem)> OpenAsync(Guid loopId, ClaimsPrincipal user, CancellationToken ct)
    {
        var (loop, problem) = await LoopAsync(loopId, user, ct);
        if (loop is null)
        {
            return (null, problem);
        }

        var letter = await db.FeedbackLetters.SingleOrDefaultAsync(l => l.LoopId == loopId, ct);
        if (letter?.State != FeedbackLetterState.Sent
            && (loop.State != LoopState.Decided || loop.Decision is not (LoopDecision.Hire or LoopDecision.NoHire)))
        {
            // A letter drafted before the debrief asked for more signal waits, unsent, for the next decision.
            return (null, FeedbackProblem.Field(StatusCodes.Status409Conflict, "loop", loop.Decision == LoopDecision.MoreSignal ? MoreSignal : NotDecided));
        }

        if (letter is null)
        {
            letter = await DraftAsync(loop, ct);
        }
        else if (letter.State != FeedbackLetterState.Sent && letter.Decision != loop.Decision)
        {
            return await RewriteOutcomeAsync(letter, loop, ct);
        }

        return (await ViewAsync(letter, loop, ct), null);
    }

    /// <summary>
    /// The debrief revised its decision after the letter was drafted: the outcome is written again
    /// for the new decision and the approval, which was of the old words, is withdrawn. The feedback
    /// paragraphs a person edited stay as they are.
    /// </summary>
    private async Task<(FeedbackLetterView? View, FeedbackProblem? Problem)> RewriteOutcomeAsync(FeedbackLetter letter, Loop loop, CancellationToken ct)
    {
        letter.Decision = loop.Decision!.Value;
        letter.Outcome = FeedbackDrafter.Outcome(loop);
        letter.State = FeedbackLetterState.Draft;
        letter.ApprovedById = null;
        letter.ApprovedAt = null;
        var (view, problem) = await CommitAsync(new FeedbackLetterView(letter, loop, null, SendingEnabled), ct);
        if (problem is not null)
        {
            // Someone else opened it at the same moment and rewrote it first: theirs is the same words.
            var stored = await db.FeedbackLetters.SingleAsync(l => l.LoopId == loop.Id, ct);
            return (await ViewAsync(stored, loop, ct), null);
        }

        return (view, null);
    }

    public async Task<(FeedbackLetterView? View, FeedbackProblem? Problem)> SaveAsync(Guid loopId, ClaimsPrincipal user, SaveFeedbackRequest request, CancellationToken ct)
    {
        var (opened, problem) = await OpenAsync(loopId, user, ct);
        if (opened is null)
        {
            return (null, problem);
        }

        var letter = opened.Letter;
        var errors = new Dictionary<string, string[]>();
        var outcome = Text(request.Outcome, "outcome", "The outcome", FeedbackLetter.MaxOutcomeLength, errors);
        var feedback = Text(request.Feedback, "feedback", "The feedback", FeedbackLetter.MaxFeedbackLength, errors);
        if (errors.Count > 0)
        {
            return (null, new FeedbackProblem(StatusCodes.Status400BadRequest, errors));
        }

        if (letter.State == FeedbackLetterState.Sent)
        {
            return (null, FeedbackProblem.Field(StatusCodes.Status409Conflict, "state", "This letter was sent; it can no longer change, so the candidate reads what they received."));
        }

        if (letter.Outcome == outcome && letter.Feedback == feedback)
        {
            // Saving what is already there (a form posted twice) changes nothing, whatever version it started from.
            return (opened, null);
        }

        if (request.Version != letter.Version)
        {
            return (null, Stale(letter));
        }

        letter.Outcome = outcome;
        letter.Feedback = feedback;
        // An approval is of the words approved: a changed letter needs approving again.
        letter.State = FeedbackLetterState.Draft;
        letter.ApprovedById = null;
        letter.ApprovedAt = null;
        return await CommitAsync(opened, ct);
    }

    public async Task<(FeedbackLetterView? View, FeedbackProblem? Problem)> ApproveAsync(Guid loopId, ClaimsPrincipal user, int? version, CancellationToken ct)
    {
        var (opened, problem) = await OpenAsync(loopId, user, ct);
        if (opened is null)
        {
            return (null, problem);
        }

        var letter = opened.Letter;
        if (letter.State != FeedbackLetterState.Draft)
        {
            // Approving twice (a double click) changes nothing.
            return (opened, null);
        }

        if (version is { } seen && seen != letter.Version)
        {
            return (null, Stale(letter));
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(letter.Outcome))
        {
            errors["outcome"] = ["The outcome is empty: tell the candidate the decision, kindly and clearly, before approving."];
        }

        if (string.IsNullOrWhiteSpace(letter.Feedback))
        {
            errors["feedback"] = ["The feedback is empty: every candidate gets what went well, what to grow and where to learn more; write it before approving."];
        }

        if (errors.Count > 0)
        {
            return (null, new FeedbackProblem(StatusCodes.Status400BadRequest, errors));
        }

        letter.State = FeedbackLetterState.Approved;
        letter.ApprovedById = user.UserId();
        letter.ApprovedAt = time.GetUtcNow();
        return await CommitAsync(opened, ct);
    }

    /// <summary>
    /// Sends an approved letter: the email goes to the outbox, the candidate's link is renewed for
    /// <see cref="FeedbackOptions.LetterLinkLifetime"/> and the loop moves to feedback sent, all in
    /// one transaction. Sending a sent letter again changes nothing and sends nothing.
    /// </summary>
    public async Task<(FeedbackLetterView? View, FeedbackProblem? Problem)> SendAsync(Guid loopId, ClaimsPrincipal user, CancellationToken ct)
    {
        var (opened, problem) = await OpenAsync(loopId, user, ct);
        if (opened is null)
        {
            return (null, problem);
        }

        var letter = opened.Letter;
        if (letter.State == FeedbackLetterState.Sent)
        {
            return (opened, null);
        }

        if (!SendingEnabled)
        {
            return (null, FeedbackProblem.Field(StatusCodes.Status409Conflict, "state", $"Sending feedback to candidates is turned off here ({FeedbackOptions.Section}:SendToCandidates is false): the approved letter stays in Rapport; share it through your own channel."));
        }

        if (letter.State != FeedbackLetterState.Approved)
        {
            return (null, FeedbackProblem.Field(StatusCodes.Status409Conflict, "state", "This letter is a draft: approve it first, so a person has read every word before the candidate does."));
        }

        var now = time.GetUtcNow();
        var until = now + options.Value.LetterLinkLifetime;
        var interviews = await db.Interviews.Include(i => i.CandidateLinks)
            .Where(i => i.LoopId == loopId && i.Status != InterviewStatus.Cancelled)
            .ToListAsync(ct);
        var latest = interviews.OrderByDescending(i => i.ScheduledAt).FirstOrDefault();
        if (latest is null)
        {
            return (null, FeedbackProblem.Field(StatusCodes.Status409Conflict, "loop", "This loop has no interview that took place, so there is no page to show the letter on."));
        }

        // Every page the candidate has for this loop keeps working while they read their letter; the
        // latest interview gets a fresh link for the email (only hashes are kept, so an old one cannot be resent).
        foreach (var interview in interviews)
        {
            links.KeepOpenUntil(interview, until);
        }

        var token = links.Issue(latest, until);
        outbox.Add(mail.Compose(opened.Loop, letter, token, until), new MailCause(FeedbackMail.Cause, latest.Id), sendBefore: null);
        letter.State = FeedbackLetterState.Sent;
        letter.SentAt = now;
        letter.SentById = user.UserId();
        letter.Version++;
        letter.UpdatedAt = now;
        opened.Loop.State = LoopState.FeedbackSent;
        audit.Record(Audit.AuditKinds.FeedbackLetterSent, $"The feedback letter for the {opened.Loop.Role} loop was sent to the candidate.", interviewId: latest.Id, loopId: loopId, candidateId: opened.Loop.CandidateId);
        try
        {
            await links.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two sends at once: the other one won, and sent the only email.
            db.ChangeTracker.Clear();
            return await OpenAsync(loopId, user, ct);
        }

        outbox.Posted();
        return (opened, null);
    }

    /// <summary>The loop, when this user may work on its letter: its debrief lead, coordinators and admins.</summary>
    private async Task<(Loop? Loop, FeedbackProblem? Problem)> LoopAsync(Guid loopId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loop = await db.Loops.Include(l => l.Candidate).SingleOrDefaultAsync(l => l.Id == loopId, ct);
        if (loop is null || !(loop.DebriefLeadId == user.UserId() || user.IsInRole(StaffRoles.Coordinator) || user.IsInRole(StaffRoles.Admin)))
        {
            return (null, FeedbackProblem.Field(StatusCodes.Status404NotFound, "loop", $"There is no loop {loopId} whose feedback you lead."));
        }

        return (loop, null);
    }

    private async Task<FeedbackLetter> DraftAsync(Loop loop, CancellationToken ct)
    {
        var draft = await drafter.DraftAsync(loop, ct);
        var now = time.GetUtcNow();
        var letter = new FeedbackLetter
        {
            Id = Guid.CreateVersion7(now),
            LoopId = loop.Id,
            State = FeedbackLetterState.Draft,
            Decision = loop.Decision!.Value,
            Outcome = draft.Outcome,
            Feedback = draft.Feedback,
            CodeJson = FinalCode.ListToJson(draft.Code),
            DraftedAt = now,
            UpdatedAt = now,
        };
        db.FeedbackLetters.Add(letter);
        try
        {
            await db.SaveChangesAsync(ct);
            return letter;
        }
        catch (DbUpdateException)
        {
            // Someone else opened it at the same moment and their draft is stored: use theirs.
            db.Entry(letter).State = EntityState.Detached;
            return await db.FeedbackLetters.SingleAsync(l => l.LoopId == loop.Id, ct);
        }
    }

    private async Task<(FeedbackLetterView? View, FeedbackProblem? Problem)> CommitAsync(FeedbackLetterView opened, CancellationToken ct)
    {
        opened.Letter.Version++;
        opened.Letter.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (null, FeedbackProblem.Field(StatusCodes.Status409Conflict, "version", "Someone changed this letter at the same moment; reload it to see their change, then make yours."));
        }

        return (await ViewAsync(opened.Letter, opened.Loop, ct), null);
    }

    private async Task<FeedbackLetterView> ViewAsync(FeedbackLetter letter, Loop loop, CancellationToken ct)
    {
        var approvedBy = letter.ApprovedById is null ? null : await db.Users.Where(u => u.Id == letter.ApprovedById).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        return new FeedbackLetterView(letter, loop, approvedBy, SendingEnabled);
    }

    private static FeedbackProblem Stale(FeedbackLetter letter) => FeedbackProblem.Field(
        StatusCodes.Status409Conflict, "version", $"This letter changed since you opened it (it is at version {letter.Version}); reload it to see the change, then make yours.");

    private static string Text(string? value, string field, string label, int maxLength, Dictionary<string, string[]> errors)
    {
        var text = (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > maxLength)
        {
            errors[field] = [$"{label} is {text.Length} characters long; the limit is {maxLength}."];
        }
        else if (ShownText.ProseProblem(text, label) is { } hidden)
        {
            errors[field] = [hidden];
        }

        return text;
    }
}
