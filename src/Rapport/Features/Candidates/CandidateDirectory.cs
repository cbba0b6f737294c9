using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Interviews;
using Rapport.Infrastructure;

namespace Rapport.Features.Candidates;

/// <summary>Who an interview is planned for: an existing loop, an existing candidate, or someone new.</summary>
public sealed record LoopChoice(Candidate Candidate, Loop? Loop, string Role, string DebriefLeadId);

/// <summary>
/// Finds the candidate and loop a plan means, so that one person is one candidate however often
/// they are planned (by email, <see cref="Candidate.NormalizeEmail"/>) and a role's interviews
/// gather in one loop.
/// </summary>
public sealed class CandidateDirectory(AppDbContext db)
{
    /// <summary>The plan's candidate and loop, or null with the problems added to <paramref name="errors"/> by field.</summary>
    public async Task<LoopChoice?> ResolveAsync(InterviewPlan plan, string plannerId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var preferred = Optional(plan.PreferredName, "preferredName", "Preferred name", Candidate.MaxNameLength, errors);
        var pronouns = Optional(plan.Pronouns, "pronouns", "Pronouns", Candidate.MaxPronounsLength, errors);
        var lead = string.IsNullOrWhiteSpace(plan.DebriefLeadId) ? null : plan.DebriefLeadId.Trim();
        if (lead is not null && !await db.Users.AnyAsync(u => u.Id == lead, ct))
        {
            errors["debriefLeadId"] = [$"No staff account has the id {lead}; choose the debrief lead from the list of users."];
        }

        if (plan.LoopId is { } loopId)
        {
            var loop = await db.Loops.Include(l => l.Candidate).SingleOrDefaultAsync(l => l.Id == loopId, ct);
            if (loop is null)
            {
                errors["loopId"] = [$"There is no loop {loopId}; choose one of the candidate's loops, or leave it out to start one."];
                return null;
            }

            if (loop.State is LoopState.Decided or LoopState.FeedbackSent)
            {
                errors["loopId"] = [$"{loop.Candidate!.AddressedAs}'s loop for {loop.Role} is decided; a new interview needs a new loop (leave the loop out to start one)."];
                return null;
            }

            if (plan.CandidateEmail is { Length: > 0 } given && Candidate.NormalizeEmail(given.Trim()) != loop.Candidate!.NormalizedEmail)
            {
                errors["candidateEmail"] = [$"This loop is {loop.Candidate.AddressedAs}'s ({loop.Candidate.Email}), not {given.Trim()}'s; leave the candidate fields empty or choose the right loop."];
                return null;
            }

            Describe(loop.Candidate!, preferred, pronouns);
            return errors.Count > 0 ? null : new LoopChoice(loop.Candidate!, loop, loop.Role, loop.DebriefLeadId);
        }

        var email = Required(plan.CandidateEmail, "candidateEmail", "Candidate email", Candidate.MaxEmailLength, errors);
        var role = Required(plan.Role, "role", "Role", Loop.MaxRoleLength, errors);
        if (email is not null && !IsPlainEmail(email))
        {
            errors["candidateEmail"] = [$"Candidate email '{email}' is not an email address; write it as name@example.com."];
            email = null;
        }

        var candidate = email is null ? null : await db.Candidates.SingleOrDefaultAsync(c => c.NormalizedEmail == Candidate.NormalizeEmail(email), ct);
        // A known candidate keeps the name they have; someone new needs one.
        var name = candidate is null ? Required(plan.CandidateName, "candidateName", "Candidate name", Candidate.MaxNameLength, errors)
            : Optional(plan.CandidateName, "candidateName", "Candidate name", Candidate.MaxNameLength, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        if (candidate is null)
        {
            candidate = new Candidate { Name = name!, Email = email!, NormalizedEmail = Candidate.NormalizeEmail(email!) };
        }

        Describe(candidate, preferred, pronouns);
        var open = candidate.Id == Guid.Empty ? null : await db.Loops
            .Where(l => l.CandidateId == candidate.Id && (l.State == LoopState.Interviewing || l.State == LoopState.Debrief))
            .OrderBy(l => l.CreatedAt).ToListAsync(ct);
        var same = open?.FirstOrDefault(l => string.Equals(l.Role.Trim(), role, StringComparison.OrdinalIgnoreCase));
        return new LoopChoice(candidate, same, role!, same?.DebriefLeadId ?? lead ?? plannerId);
    }

    /// <summary>The loop to plan into, with the candidate and loop added to the context when they are new (stored with the interview).</summary>
    public Loop Prepare(LoopChoice choice, DateTimeOffset now)
    {
        var candidate = choice.Candidate;
        if (candidate.Id == Guid.Empty)
        {
            candidate = new Candidate
            {
                Id = Guid.CreateVersion7(now),
                Name = candidate.Name,
                Email = candidate.Email,
                NormalizedEmail = candidate.NormalizedEmail,
                PreferredName = candidate.PreferredName,
                Pronouns = candidate.Pronouns,
                CreatedAt = now,
            };
            db.Candidates.Add(candidate);
        }

        if (choice.Loop is { } existing)
        {
            // More signal for a loop in debrief: it is interviewing again until the new interview is in.
            existing.State = LoopState.Interviewing;
            return existing;
        }

        var loop = new Loop { Id = Guid.CreateVersion7(now), CandidateId = candidate.Id, Candidate = candidate, Role = choice.Role, DebriefLeadId = choice.DebriefLeadId, State = LoopState.Interviewing, CreatedAt = now };
        db.Loops.Add(loop);
        return loop;
    }

    private static void Describe(Candidate candidate, string? preferred, string? pronouns)
    {
        // Only what the plan says: leaving a field empty never erases what the candidate told us before.
        if (preferred is not null)
        {
            candidate.PreferredName = preferred;
        }

        if (pronouns is not null)
        {
            candidate.Pronouns = pronouns;
        }
    }

    public static string? Required(string? value, string field, string label, int maxLength, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{label} is required."];
            return null;
        }

        return Optional(value, field, label, maxLength, errors);
    }

    public static string? Optional(string? value, string field, string label, int maxLength, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            errors[field] = [$"{label} is {trimmed.Length} characters long; the limit is {maxLength}."];
            return null;
        }

        // Line breaks, tabs, and the invisible format characters that could reverse how a name reads in a list:
        // the one rule for every name and title (ShownText).
        if (ShownText.NameProblem(trimmed, label) is { } hidden)
        {
            errors[field] = [hidden];
            return null;
        }

        return trimmed;
    }

    private static bool IsPlainEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && address.Host.Contains('.', StringComparison.Ordinal);
}
