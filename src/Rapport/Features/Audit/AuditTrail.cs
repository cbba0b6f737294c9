using System.Security.Claims;
using Rapport.Data;

namespace Rapport.Features.Audit;

/// <summary>Who an entry names: a staff member (their id), or one of the few actors without an account.</summary>
public sealed record AuditActor(string Id, string Name)
{
    /// <summary>The command line (<c>rapport bank import</c>, …) and background work.</summary>
    public static readonly AuditActor Rapport = new("rapport", "Rapport (command line or background work)");

    /// <summary>Someone holding a candidate link.</summary>
    public static readonly AuditActor Candidate = new("candidate", "The candidate (with their link)");

    /// <summary>Someone not signed in, such as a candidate asking for their lost links by email.</summary>
    public static readonly AuditActor Anonymous = new("anonymous", "Someone not signed in");
}

/// <summary>
/// Adds entries to the audit log through the request's own <see cref="AppDbContext"/>, so they
/// are stored by the caller's next save, in the same transaction as the change they record. The
/// actor is whoever the request is from; a staff member's name is looked up when the entry is
/// saved (<see cref="AppDbContext"/>), so it is their name at that moment.
/// </summary>
public sealed class AuditTrail(AppDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    public AuditEntry Record(
        string kind,
        string summary,
        Guid? interviewId = null,
        Guid? loopId = null,
        Guid? candidateId = null,
        string? personId = null,
        string? subject = null,
        AuditActor? actor = null)
    {
        var by = actor ?? Actor(http.HttpContext?.User);
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(),
            ActorId = by.Id,
            ActorName = by.Name,
            Kind = kind,
            Summary = AuditEntry.Shortened(summary),
            InterviewId = interviewId,
            LoopId = loopId,
            CandidateId = candidateId,
            PersonId = personId,
            Subject = subject is { Length: > 200 } ? subject[..200] : subject,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>For what changes nothing else (a view): the entry is saved at once.</summary>
    public async Task RecordNowAsync(string kind, string summary, Guid? loopId, CancellationToken ct)
    {
        Record(kind, summary, loopId: loopId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A staff member by id, named on save; <see cref="AuditActor.Name"/> empty until then.</summary>
    public static AuditActor Staff(string userId) => new(userId, "");

    private static AuditActor Actor(ClaimsPrincipal? user) =>
        user?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? Staff(id)
        : user?.Identity?.IsAuthenticated == true ? AuditActor.Candidate
        : user is null ? AuditActor.Rapport
        : AuditActor.Anonymous;
}
