using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Interviews;

public sealed class CandidateLinkOptions
{
    public const string Section = "CandidateLinks";

    /// <summary>How long after the interview's planned end a link keeps working (for the candidate's feedback and survey).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    public CandidateLinkOptions Validated() => GracePeriod >= TimeSpan.Zero && GracePeriod <= TimeSpan.FromDays(365)
        ? this
        : throw new Infrastructure.InvalidSettingException($"{Section}:GracePeriod", $"{GracePeriod} is out of range; use a duration from 0 to 365 days, such as 7.00:00:00 for a week.");
}

/// <summary>What a presented token turned out to be.</summary>
public sealed record CandidateLinkLookup(CandidateLinkState? State, Guid InterviewId, Guid LinkId, DateTimeOffset ExpiresAt)
{
    public static readonly CandidateLinkLookup Unknown = new(null, Guid.Empty, Guid.Empty, DateTimeOffset.MinValue);

    public bool IsActive => State == CandidateLinkState.Active;
}

/// <summary>
/// Issues, rotates, revokes and resolves candidate links. Changes are saved with
/// <see cref="SaveAsync"/> or <see cref="TrySaveAsync"/>, which then tell the
/// <see cref="ICandidateLinkListener"/> (the room), so a link that stops working also ends the
/// connections it opened.
/// </summary>
public sealed class CandidateLinks(
    AppDbContext db, Audit.AuditTrail audit, TimeProvider time, RandomNumberGenerator random, IOptions<CandidateLinkOptions> options, ICandidateLinkListener listener, ILogger<CandidateLinks> logger)
{
    /// <summary>256 random bits; the issue asks for at least 128.</summary>
    public const int TokenBytes = 32;

    /// <summary>Length of a token in base64url without padding.</summary>
    public static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);

    /// <summary>What the listener hears after the next successful save.</summary>
    private readonly List<Func<Task>> pending = [];

    /// <summary>
    /// Adds a fresh link to <paramref name="interview"/> and revokes every earlier one, so only the
    /// newest link works. Returns the token, which exists nowhere else: the caller shows it once.
    /// The caller saves the changes (<see cref="TrySaveAsync"/>).
    /// </summary>
    public string Issue(Interview interview) => Issue(interview, interview.EndsAt + options.Value.GracePeriod);

    /// <summary>
    /// As <see cref="Issue(Interview)"/>, for a link that lasts until <paramref name="expiresAt"/>: a
    /// link sent with the candidate's feedback letter outlives the interview by months, not days.
    /// </summary>
    public string Issue(Interview interview, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        foreach (var earlier in interview.CandidateLinks.Where(l => l.RevokedAt is null))
        {
            earlier.RevokedAt = now;
            pending.Add(() => listener.LinkEndedAsync(earlier.Id, CandidateLinkEnd.Replaced));
        }

        var bytes = new byte[TokenBytes];
        random.GetBytes(bytes);
        var token = Base64Url.EncodeToString(bytes);
        interview.CandidateLinks.Add(new CandidateLink
        {
            Id = Guid.CreateVersion7(now),
            InterviewId = interview.Id,
            TokenHash = Hash(token),
            IssuedAt = now,
            ExpiresAt = expiresAt,
        });
        // The token itself never reaches the log: only that a link was issued, and until when.
        audit.Record(Audit.AuditKinds.CandidateLinkIssued,
            $"A new candidate link was issued, valid until {expiresAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; any earlier link stopped working.",
            interviewId: interview.Id, loopId: interview.Loop?.Id ?? interview.LoopId, subject: $"link {interview.CandidateLinks[^1].Id}");
        return token;
    }

    /// <summary>
    /// Keeps the interview's active link working until at least <paramref name="until"/> (never
    /// shortens it), so the candidate can read their letter with the link they have.
    /// The caller saves the changes (<see cref="SaveAsync"/>).
    /// </summary>
    public void KeepOpenUntil(Interview interview, DateTimeOffset until)
    {
        foreach (var link in interview.CandidateLinks.Where(l => l.RevokedAt is null && l.ExpiresAt < until))
        {
            link.ExpiresAt = until;
            pending.Add(() => listener.LinkEndMovedAsync(link.Id, until));
        }
    }

    /// <summary>
    /// When the interview's end moves (extra time), its active link lasts until the new end plus
    /// the grace period. The caller saves the changes (<see cref="SaveAsync"/>).
    /// </summary>
    public void ExtendTo(Interview interview)
    {
        foreach (var link in interview.CandidateLinks.Where(l => l.RevokedAt is null))
        {
            var expiresAt = interview.EndsAt + options.Value.GracePeriod;
            if (link.ExpiresAt != expiresAt)
            {
                link.ExpiresAt = expiresAt;
                pending.Add(() => listener.LinkEndMovedAsync(link.Id, expiresAt));
            }
        }
    }

    /// <summary>Revokes the active link; returns false when there was none. The caller saves the changes (<see cref="SaveAsync"/>).</summary>
    public bool Revoke(Interview interview)
    {
        var active = interview.CandidateLinks.Where(l => l.RevokedAt is null).ToList();
        foreach (var link in active)
        {
            link.RevokedAt = time.GetUtcNow();
            pending.Add(() => listener.LinkEndedAsync(link.Id, CandidateLinkEnd.Withdrawn));
            audit.Record(Audit.AuditKinds.CandidateLinkWithdrawn, "The candidate link was withdrawn; it no longer opens anything.",
                interviewId: interview.Id, loopId: interview.Loop?.Id ?? interview.LoopId, subject: $"link {link.Id}");
        }

        return active.Count > 0;
    }

    /// <summary>
    /// The room closes for the candidate (the interview ended or was cancelled): whatever their link
    /// opened in the room ends, told why, while the link itself keeps opening their page (where
    /// their feedback and the survey come). The caller saves the changes (<see cref="SaveAsync"/>).
    /// </summary>
    public void CloseRoom(Interview interview, CandidateLinkEnd why)
    {
        foreach (var link in interview.CandidateLinks.Where(l => l.RevokedAt is null))
        {
            pending.Add(() => listener.LinkEndedAsync(link.Id, why));
        }
    }

    /// <summary>Saves the changes, then tells the listener what they did to links.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        var tell = TakePending();
        await db.SaveChangesAsync(ct);
        await TellAsync(tell);
    }

    /// <summary>
    /// Saves issued or revoked links, then tells the listener. False when another request issued a
    /// link for the same interview at the same moment: the database keeps at most one active link
    /// per interview.
    /// </summary>
    public async Task<bool> TrySaveAsync(CancellationToken ct)
    {
        var tell = TakePending();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        await TellAsync(tell);
        return true;
    }

    /// <summary>Taken before saving and told only after: a link that failed to be withdrawn must not end anything.</summary>
    private List<Func<Task>> TakePending()
    {
        var taken = pending.ToList();
        pending.Clear();
        return taken;
    }

    private static async Task TellAsync(List<Func<Task>> tell)
    {
        foreach (var told in tell)
        {
            await told();
        }
    }

    public async Task<CandidateLinkLookup> FindAsync(string? token, CancellationToken ct)
    {
        // A malformed token cannot match: answer without touching the database.
        if (token is null || token.Length != TokenLength || !Base64Url.IsValid(token))
        {
            logger.LogInformation("Candidate link refused: malformed");
            return CandidateLinkLookup.Unknown;
        }

        var hash = Hash(token);
        var link = await db.CandidateLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, ct);
        var lookup = link is null ? CandidateLinkLookup.Unknown : new(link.StateAt(time.GetUtcNow()), link.InterviewId, link.Id, link.ExpiresAt);
        if (!lookup.IsActive)
        {
            // Never the token itself: the logs must not become a second place to find it.
            logger.LogInformation("Candidate link refused: {State} (interview {InterviewId})", lookup.State?.ToString() ?? "unknown", lookup.InterviewId);
        }

        return lookup;
    }

    /// <summary>
    /// SHA-256 is enough: the token is 256 random bits, so there is nothing to slow-hash against.
    /// </summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
