using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Features.Questions.Storage;

namespace Rapport.Data;

/// <summary>
/// The one model of Rapport. Each database provider has a thin subclass that owns its
/// migration set (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>);
/// the rest of the code only ever asks for <see cref="AppDbContext"/>.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect cookies and account tokens, shared by every node: see <see cref="Infrastructure.SharedKeys"/>.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Features.Candidates.Candidate> Candidates => Set<Features.Candidates.Candidate>();

    public DbSet<Features.Candidates.Loop> Loops => Set<Features.Candidates.Loop>();

    public DbSet<Features.Scorecards.Scorecard> Scorecards => Set<Features.Scorecards.Scorecard>();

    public DbSet<Features.Scorecards.ScorecardRevision> ScorecardRevisions => Set<Features.Scorecards.ScorecardRevision>();

    public DbSet<Interview> Interviews => Set<Interview>();

    /// <summary>The append-only audit log, interviews' histories included: see <see cref="Features.Audit.AuditEntry"/>.</summary>
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();

    public DbSet<InterviewAssignment> InterviewAssignments => Set<InterviewAssignment>();

    public DbSet<CandidateLink> CandidateLinks => Set<CandidateLink>();

    public DbSet<BankDocument> BankDocuments => Set<BankDocument>();

    public DbSet<BankDocumentVersion> BankDocumentVersions => Set<BankDocumentVersion>();

    public DbSet<InterviewBankPin> InterviewBankPins => Set<InterviewBankPin>();

    public DbSet<Features.Rooms.RoomEvent> RoomEvents => Set<Features.Rooms.RoomEvent>();

    /// <summary>Which node of several holds each open room: see <see cref="Features.Cluster.RoomOwner"/>.</summary>
    public DbSet<Features.Cluster.RoomOwner> RoomOwners => Set<Features.Cluster.RoomOwner>();

    public DbSet<Features.Runs.CodeRun> CodeRuns => Set<Features.Runs.CodeRun>();

    public DbSet<Features.Insights.RatingBatch> RatingBatches => Set<Features.Insights.RatingBatch>();

    public DbSet<Features.Insights.StoredRating> StoredRatings => Set<Features.Insights.StoredRating>();

    /// <summary>Demographics, apart from everything else: see <see cref="Features.Insights.CandidateSelfIdentification"/>.</summary>
    public DbSet<Features.Insights.CandidateSelfIdentification> CandidateSelfIdentifications => Set<Features.Insights.CandidateSelfIdentification>();

    /// <summary>Mail waiting to be sent, and the record of what was: see <see cref="Features.Mail.MailSender"/>.</summary>
    public DbSet<Features.Mail.OutboxMessage> OutboxMessages => Set<Features.Mail.OutboxMessage>();

    /// <summary>Anonymous survey answers, with no link to a candidate or an interview: see <see cref="Features.Survey.SurveyResponse"/>.</summary>
    public DbSet<Features.Survey.SurveyResponse> SurveyResponses => Set<Features.Survey.SurveyResponse>();

    public DbSet<Features.Survey.SurveyResponseInterviewer> SurveyResponseInterviewers => Set<Features.Survey.SurveyResponseInterviewer>();

    /// <summary>Which interviews' surveys were answered, and nothing more: see <see cref="Features.Survey.SurveyReceipt"/>.</summary>
    public DbSet<Features.Survey.SurveyReceipt> SurveyReceipts => Set<Features.Survey.SurveyReceipt>();

    /// <summary>Every decision a loop's debrief recorded, revisions included: see <see cref="Features.Debrief.LoopDecisionRecord"/>.</summary>
    public DbSet<Features.Debrief.LoopDecisionRecord> LoopDecisionRecords => Set<Features.Debrief.LoopDecisionRecord>();
    /// <summary>One per decided loop: see <see cref="Features.Feedback.FeedbackLetter"/>.</summary>
    public DbSet<Features.Feedback.FeedbackLetter> FeedbackLetters => Set<Features.Feedback.FeedbackLetter>();

    public DbSet<Features.Coaching.Sessions.CalibrationSession> CalibrationSessions => Set<Features.Coaching.Sessions.CalibrationSession>();

    public DbSet<Features.Coaching.Sessions.CalibrationScore> CalibrationScores => Set<Features.Coaching.Sessions.CalibrationScore>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Features.Audit.AuditEntry.RefuseEdits(ChangeTracker);
        foreach (var (entry, name) in UnnamedActors().Select(e => (e, Users.Where(u => u.Id == e.Entity.ActorId).Select(u => u.DisplayName).SingleOrDefault())))
        {
            entry.Property(e => e.ActorName).CurrentValue = name ?? entry.Entity.ActorId;
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Refuses to change or delete an audit entry (the log is append-only whatever asked), and
    /// names each new entry's staff actor as they are called at this moment.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Features.Audit.AuditEntry.RefuseEdits(ChangeTracker);
        var unnamed = UnnamedActors();
        if (unnamed.Count > 0)
        {
            var ids = unnamed.Select(e => e.Entity.ActorId).Distinct().ToList();
            var names = await Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            foreach (var entry in unnamed)
            {
                entry.Property(e => e.ActorName).CurrentValue = names.GetValueOrDefault(entry.Entity.ActorId) ?? entry.Entity.ActorId;
            }
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Features.Audit.AuditEntry>> UnnamedActors() =>
        [.. ChangeTracker.Entries<Features.Audit.AuditEntry>().Where(e => e.State == EntityState.Added && e.Entity.ActorName.Length == 0)];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
