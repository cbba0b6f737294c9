using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Features.Scorecards;
using Rapport.Stats;

namespace Rapport.Features.Coaching.Sessions;

public sealed record SessionMemberView(string InterviewerId, string Name, bool Submitted);

/// <summary>One scorer's level on one line of the sheet against the mean of the others who rated it: positive is more generous than the group.</summary>
public sealed record SignalOffset(string InterviewerId, string Name, string Signal, string SignalName, double Offset, int Lines);

/// <summary>How far the scorers agreed: Krippendorff's alpha (ordinal) over the sheet's lines, or why there is none yet; and each one's offsets, signal by signal.</summary>
public sealed record SessionResults(KrippendorffAlphaResult? Agreement, string? Problem, int Scorers, IReadOnlyList<SignalOffset> Offsets);

public sealed record SessionView(CalibrationSession Session, string Candidate, ScorecardSheet Sheet, IReadOnlyList<SessionMemberView> Members, bool IsMember, bool Submitted, SessionResults? Results);

/// <summary>
/// Calibration sessions (docs/coaching.md): admins create them; members score the replay blind
/// (nobody's score, not even who has scored, reaches a member before their own is in); the
/// result is the scorers' agreement and each one's offset from the group, as practice. The
/// scores stay in these tables: never the loop's scorecards, never Insights' ratings.
/// </summary>
public sealed class CalibrationSessionDesk(AppDbContext db, TimeProvider time)
{
    public const int MinMembers = 2;
    public const int MaxMembers = 20;

    public async Task<(Guid? Id, Dictionary<string, string[]> Problems)> CreateAsync(ClaimsPrincipal admin, Guid interviewId, string? title, IReadOnlyCollection<string> memberIds, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        if (!admin.IsInRole(StaffRoles.Admin))
        {
            problems["admin"] = ["Only admins create calibration sessions."];
            return (null, problems);
        }

        var interview = await db.Interviews.AsNoTracking().SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is not { Status: InterviewStatus.Ended })
        {
            problems["interviewId"] = ["Choose an interview that has ended: its replay is what the session scores."];
        }

        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length is 0 or > CalibrationSession.MaxTitleLength)
        {
            problems["title"] = [$"Give the session a title of 1 to {CalibrationSession.MaxTitleLength} characters."];
        }
        else if (Infrastructure.ShownText.ProseProblem(trimmed, "The title") is { } hidden)
        {
            problems["title"] = [hidden];
        }

        var distinct = memberIds.Distinct(StringComparer.Ordinal).ToList();
        var staff = await db.Users.Where(u => distinct.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        if (distinct.Count is < MinMembers or > MaxMembers || staff.Count != distinct.Count)
        {
            problems["members"] = [$"Choose {MinMembers} to {MaxMembers} people of the staff to score it: agreement needs at least two."];
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var session = new CalibrationSession { Id = Guid.NewGuid(), InterviewId = interviewId, Title = trimmed, CreatedById = admin.UserId(), CreatedAt = time.GetUtcNow() };
        session.Members.AddRange(distinct.Select(id => new CalibrationSessionMember { SessionId = session.Id, InterviewerId = id }));
        db.CalibrationSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return (session.Id, problems);
    }

    /// <summary>The sessions <paramref name="user"/> may open: every one for admins, their own for members.</summary>
    public async Task<List<CalibrationSession>> ListAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.UserId();
        var admin = user.IsInRole(StaffRoles.Admin);
        return await db.CalibrationSessions.AsNoTracking().Include(s => s.Members)
            .Where(s => admin || s.Members.Any(m => m.InterviewerId == userId))
            .OrderByDescending(s => s.CreatedAt)
            .Take(100)
            .ToListAsync(ct);
    }

    /// <summary>Null for anyone who is neither an admin nor a member, and for candidates.</summary>
    public async Task<SessionView?> OpenAsync(ClaimsPrincipal user, Guid sessionId, CancellationToken ct)
    {
        if (user.InterviewId() is not null || !StaffRoles.All.Any(user.IsInRole))
        {
            return null;
        }

        var session = await db.CalibrationSessions.AsNoTracking().Include(s => s.Members).ThenInclude(m => m.Interviewer).Include(s => s.Scores)
            .SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        var userId = user.UserId();
        var isMember = session?.Members.Any(m => m.InterviewerId == userId) ?? false;
        if (session is null || !(isMember || user.IsInRole(StaffRoles.Admin)))
        {
            return null;
        }

        var names = await db.Interviews.AsNoTracking().Where(i => i.Id == session.InterviewId)
            .Select(i => new { i.Loop!.Candidate!.Name, i.Loop.Candidate.PreferredName }).SingleAsync(ct);
        // Nobody's notes: a member who sat on the panel scores from the replay like everyone else.
        var sheet = await ScorecardSheet.BuildAsync(db, session.InterviewId, interviewerId: "", ct);
        var submitted = session.Scores.Any(s => s.InterviewerId == userId);
        // Blind: a member sees the others (and who has scored) only once their own is in; an admin who is not scoring sees them always.
        var seesOthers = submitted || (!isMember && user.IsInRole(StaffRoles.Admin));
        var members = session.Members
            .Select(m => new SessionMemberView(m.InterviewerId, m.Interviewer?.DisplayName ?? "An interviewer", seesOthers && session.Scores.Any(s => s.InterviewerId == m.InterviewerId)))
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return new SessionView(session, names.PreferredName ?? names.Name, sheet, members, isMember, submitted, seesOthers ? Results(session, sheet, members) : null);
    }

    public async Task<Dictionary<string, string[]>> SubmitAsync(ClaimsPrincipal user, Guid sessionId, ScorecardContent content, CancellationToken ct)
    {
        var view = await OpenAsync(user, sessionId, ct);
        if (view is not { IsMember: true })
        {
            return new() { ["session"] = ["Only the session's members score it."] };
        }

        if (view.Submitted)
        {
            return new() { ["session"] = ["Your score for this session is already in; it is kept as you submitted it."] };
        }

        var problems = ScorecardRules.CheckSubmission(content, view.Sheet);
        if (problems.Count > 0)
        {
            return problems;
        }

        db.CalibrationScores.Add(new CalibrationScore { SessionId = sessionId, InterviewerId = user.UserId(), ContentJson = content.ToJson(), SubmittedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Submitted meanwhile from another tab: the unique index kept the first.
            return new() { ["session"] = ["Your score for this session is already in; it is kept as you submitted it."] };
        }

        return [];
    }

    /// <summary>
    /// The agreement over the sheet's lines (each line a unit, each scorer a rater, "not assessed"
    /// missing), ordinal because levels are ordered; and for each scorer and signal the mean of
    /// their level minus the mean of the others' on the same lines.
    /// </summary>
    public static SessionResults Results(CalibrationSession session, ScorecardSheet sheet, IReadOnlyList<SessionMemberView> members)
    {
        var scores = session.Scores.OrderBy(s => s.InterviewerId, StringComparer.Ordinal)
            .Select(s => (s.InterviewerId, Content: ScorecardContent.FromJson(s.ContentJson))).ToList();
        int? Level(ScorecardContent content, SheetRow row) =>
            content.Ratings?.FirstOrDefault(r => r.Question == row.Question && r.Signal == row.Signal)?.Level;

        KrippendorffAlphaResult? agreement = null;
        string? problem = null;
        if (scores.Count < MinMembers)
        {
            problem = "Agreement needs at least two scores; it shows here once they are in.";
        }
        else
        {
            try
            {
                var units = sheet.Rows.Select(row => (IReadOnlyList<double?>)[.. scores.Select(s => (double?)Level(s.Content, row))]).ToList();
                agreement = KrippendorffAlpha.Compute(RatingMatrix.FromUnits(units, RatingScale.WholePoints(1, 4)), AlphaMetric.Ordinal);
            }
            catch (StatisticUndefinedException e)
            {
                problem = e.Message;
            }
        }

        var offsets = new List<SignalOffset>();
        foreach (var (id, content) in scores)
        {
            foreach (var signal in sheet.Rows.GroupBy(r => (r.Signal, r.SignalName)))
            {
                var differences = signal.Select(row =>
                {
                    var mine = Level(content, row);
                    var others = scores.Where(s => s.InterviewerId != id).Select(s => Level(s.Content, row)).OfType<int>().ToList();
                    return mine is { } level && others.Count > 0 ? level - others.Average() : (double?)null;
                }).OfType<double>().ToList();
                if (differences.Count > 0)
                {
                    offsets.Add(new SignalOffset(id, members.FirstOrDefault(m => m.InterviewerId == id)?.Name ?? "An interviewer", signal.Key.Signal, signal.Key.SignalName, Math.Round(differences.Average(), 2), differences.Count));
                }
            }
        }

        return new SessionResults(agreement, problem, scores.Count, offsets);
    }
}
