using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Audit;

/// <summary>One page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Entries, int Page, bool HasMore);

/// <summary>An entry as admins read it; never more than the entry holds.</summary>
public sealed record AuditEntryResponse(
    long Id, DateTimeOffset At, string ActorId, string ActorName, string Kind, string Summary,
    Guid? InterviewId, Guid? LoopId, Guid? CandidateId, string? PersonId, string? Subject)
{
    public static AuditEntryResponse From(AuditEntry e) =>
        new(e.Id, e.At, e.ActorId, e.ActorName, e.Kind, e.Summary, e.InterviewId, e.LoopId, e.CandidateId, e.PersonId, e.Subject);
}

public static class AuditQueries
{
    public const int PageSize = 50;

    private static readonly string[] HistoryKinds = [.. AuditKinds.InterviewHistory];

    /// <summary>An interview's own history (how its plan changed), oldest first.</summary>
    public static IQueryable<AuditEntry> InterviewHistory(this IQueryable<AuditEntry> entries, Guid interviewId) =>
        entries.Where(e => e.InterviewId == interviewId && HistoryKinds.Contains(e.Kind)).OrderBy(e => e.Id);

    /// <summary>
    /// A page of entries of one kind (or all) by or about one person (their user id; or all),
    /// newest first. Unknown kinds are refused by the caller, not silently shown as nothing.
    /// </summary>
    public static async Task<AuditPage> PageAsync(AppDbContext db, string? kind, string? person, int page, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(kind))
        {
            query = query.Where(e => e.Kind == kind);
        }

        if (!string.IsNullOrEmpty(person))
        {
            query = query.Where(e => e.ActorId == person || e.PersonId == person);
        }

        var rows = await query.OrderByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        return new AuditPage([.. rows.Take(PageSize).Select(AuditEntryResponse.From)], page, rows.Count > PageSize);
    }

    /// <summary>The page asked for as text (a query parameter), or 0 when it is not a whole number from 1 up.</summary>
    public static int PageOf(string? page) =>
        string.IsNullOrEmpty(page) ? 1
        : int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
        : 0;

    /// <summary>What is wrong with a filter, naming the field; null when it is fine.</summary>
    public static (string Field, string Message)? Problem(string? kind, string? page) =>
        !string.IsNullOrEmpty(kind) && !AuditKinds.All.Contains(kind, StringComparer.Ordinal)
            ? ("kind", $"'{Infrastructure.ShownText.Quote(kind, 64)}' is not a kind of audit entry; use one of {string.Join(", ", AuditKinds.All)}.")
            : PageOf(page) < 1 ? ("page", $"Page '{Infrastructure.ShownText.Quote(page, 20)}' does not exist; pages are numbered from 1.")
            : null;
}
