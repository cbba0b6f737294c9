using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Kits.Format;
using Rapport.Features.Questions.Storage;
using Rapport.Infrastructure;

namespace Rapport.Features.Interviews;

/// <summary>What a coordinator fills in to plan an interview. Field names are the API's.</summary>
/// <remarks>
/// With <see cref="LoopId"/> the interview joins that loop and the candidate fields may be left
/// out. Without it, the candidate is found by email (or added), and the interview joins their open
/// loop for the same role, or starts one led by <see cref="DebriefLeadId"/> (by default the planner).
/// </remarks>
public sealed record InterviewPlan(
    string? CandidateName,
    string? CandidateEmail,
    string? Role,
    DateTimeOffset? ScheduledAt,
    int? DurationMinutes,
    IReadOnlyList<string>? InterviewerIds,
    string? KitId = null)
{
    public Guid? LoopId { get; init; }

    public string? PreferredName { get; init; }

    public string? Pronouns { get; init; }

    public string? DebriefLeadId { get; init; }

    /// <summary>Shadows and a reverse shadow, besides the interviewers (<see cref="PanelRoles"/>).</summary>
    public IReadOnlyList<ShadowRequest>? Shadows { get; init; }
}

/// <summary>Either the planned interview with its one-time link token, or the problems, by field.</summary>
public sealed record PlanOutcome(Interview? Interview, string? CandidateLinkToken, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Interview is not null;

    /// <summary>Null when the interview was not planned.</summary>
    public InvitationOutcome? Invitation { get; init; }
}

/// <summary>Validates and stores a new interview; the HTTP API and the planning page share it.</summary>
public sealed class InterviewPlanner(AppDbContext db, Audit.AuditTrail audit, CandidateLinks links, BankLibrary bank, Invitations invitations, Mail.MailOutbox outbox, PublicUrls urls, Candidates.CandidateDirectory candidates, TimeProvider time)
{
    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 480;
    public const int MaxInterviewers = 10;

    public async Task<PlanOutcome> PlanAsync(InterviewPlan plan, string createdById, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var who = await candidates.ResolveAsync(plan, createdById, errors, ct);

        var now = time.GetUtcNow();
        if (CheckStart(plan.ScheduledAt, now) is { } startProblem)
        {
            errors["scheduledAt"] = [startProblem];
        }

        var kit = string.IsNullOrWhiteSpace(plan.KitId) ? null : (await bank.CurrentAsync(ct)).Kits.FirstOrDefault(k => k.Document.Id == plan.KitId.Trim())?.Document;
        if (!string.IsNullOrWhiteSpace(plan.KitId) && kit is null)
        {
            errors["kitId"] = [$"There is no kit '{plan.KitId}' in the bank; choose one from the bank's kits."];
        }

        // A kit sets the length unless the plan says otherwise.
        plan = plan with { DurationMinutes = plan.DurationMinutes ?? kit?.DurationMinutes };
        if (plan.DurationMinutes is not (>= MinDurationMinutes and <= MaxDurationMinutes))
        {
            errors["durationMinutes"] = [plan.DurationMinutes is null
                ? $"Give the length in minutes ({MinDurationMinutes} to {MaxDurationMinutes}), or choose a kit, which sets it."
                : $"Duration must be between {MinDurationMinutes} and {MaxDurationMinutes} minutes."];
        }

        var (seats, panelField, panelProblem) = PanelRoles.Compose(plan.InterviewerIds, plan.Shadows, MaxInterviewers);
        if (panelProblem is not null)
        {
            errors[panelField!] = [panelProblem];
        }
        else
        {
            var ids = seats!.Select(s => s.InterviewerId).ToList();
            var known = await db.Users.Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
            var unknown = ids.Except(known).ToList();
            if (unknown.Count > 0)
            {
                var (field, message) = PanelRoles.Unknown(seats!, unknown);
                errors[field] = [message];
            }
        }

        if (errors.Count > 0)
        {
            return new PlanOutcome(null, null, errors);
        }

        var loop = candidates.Prepare(who!, now);
        var interview = new Interview
        {
            Id = Guid.CreateVersion7(now),
            LoopId = loop.Id,
            Loop = loop,
            Status = InterviewStatus.Planned,
            ScheduledAt = WholeMinute(plan.ScheduledAt!.Value.ToUniversalTime()),
            DurationMinutes = plan.DurationMinutes!.Value,
            CreatedAt = now,
            CreatedById = createdById,
        };
        interview.Interviewers.AddRange(seats!.Select(s => new InterviewAssignment { InterviewId = interview.Id, InterviewerId = s.InterviewerId, Role = s.Role, ShadowReason = s.Reason }));
        if (kit is not null)
        {
            interview.KitId = kit.Id;
            interview.Pins.AddRange((await PinnedVersionIdsAsync(kit, ct)).Select(id => new InterviewBankPin { InterviewId = interview.Id, VersionId = id }));
        }

        audit.Record(Audit.AuditKinds.Planned, $"Planned for {interview.ScheduledAt:yyyy-MM-dd HH:mm} UTC, {interview.DurationMinutes} minutes.",
            interviewId: interview.Id, loopId: loop.Id, candidateId: loop.CandidateId, actor: Audit.AuditTrail.Staff(createdById));
        var token = links.Issue(interview);
        // The interview and its invitations are stored together or not at all; the outbox sends them
        // afterwards, so a mail server that is down delays them but never the planning.
        InvitationOutcome invitation;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Interviews.Add(interview);
            await db.SaveChangesAsync(ct);
            await db.Entry(interview).Collection(i => i.Interviewers).Query().Include(a => a.Interviewer).LoadAsync(ct);
            invitation = await invitations.QueueAsync(interview, urls.CandidateLink(token), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        outbox.Posted();
        return new PlanOutcome(interview, token, errors) { Invitation = invitation };
    }

    /// <summary>The versions the interview will use from now on: the kit, every question it may choose, the signal set.</summary>
    private Task<List<Guid>> PinnedVersionIdsAsync(KitDocument kit, CancellationToken ct)
    {
        var questionIds = kit.Sections.SelectMany(s => s.Questions).Distinct().ToList();
        return bank.LatestVersions()
            .Where(v => (v.Document!.Kind == BankDocumentKind.Kit && v.Document.Key == kit.Id)
                || (v.Document.Kind == BankDocumentKind.Question && questionIds.Contains(v.Document.Key))
                || v.Document.Kind == BankDocumentKind.Signals)
            .Select(v => v.Id)
            .ToListAsync(ct);
    }

    /// <summary>Why a start time cannot be used, or null when it can.</summary>
    public static string? CheckStart(DateTimeOffset? start, DateTimeOffset now) => start switch
    {
        null => "Start time is required.",
        { } s when s <= now => "Start time must be in the future.",
        { } s when s > now.AddYears(2) => "Start time is more than two years ahead; check the year.",
        _ => null,
    };

    /// <summary>Interviews start on the minute; it also keeps times identical on every database.</summary>
    public static DateTimeOffset WholeMinute(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
