using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Features.Mail;

namespace Rapport.Features.Feedback;

/// <summary>
/// How often someone may ask for a link again: per client address (an answer of its own, 429, which
/// says nothing about any email) and per email address (silently: the answer is the same, only no
/// second message goes out, so nobody can flood a candidate's inbox or rotate their link all day).
/// </summary>
public sealed class LostLinkLimits(TimeProvider time)
{
    public const int PerClientPerHour = 10;
    public const int PerAddressPerDay = 3;

    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> clients = new();
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> addresses = new();

    public bool AllowClient(string client) => Take(clients, client, TimeSpan.FromHours(1), PerClientPerHour);

    public bool AllowAddress(string normalizedEmail) => Take(addresses, normalizedEmail, TimeSpan.FromDays(1), PerAddressPerDay);

    private bool Take(ConcurrentDictionary<string, List<DateTimeOffset>> counts, string key, TimeSpan window, int limit)
    {
        var now = time.GetUtcNow();
        // Forget keys whose window has passed, so the tables stay as small as the traffic of one window.
        foreach (var (stale, at) in counts)
        {
            lock (at)
            {
                if (at.All(t => now - t >= window))
                {
                    counts.TryRemove(stale, out _);
                }
            }
        }

        var times = counts.GetOrAdd(key, _ => []);
        lock (times)
        {
            times.RemoveAll(t => now - t >= window);
            if (times.Count >= limit)
            {
                return false;
            }

            times.Add(now);
            return true;
        }
    }
}

/// <summary>The answer to "I lost my link": the same whatever the address.</summary>
public enum LostLinkAnswer
{
    /// <summary>"If we know this address, a link is on its way": said to everyone, whether or not a message went.</summary>
    Sent,

    /// <summary>The field is not an email address at all.</summary>
    NotAnEmail,

    /// <summary>Too many requests from this client.</summary>
    TooMany,
}

/// <summary>
/// A candidate who lost their link asks for it again with their email. When the address is a
/// candidate's with a sent letter or an upcoming interview, a fresh link goes to that address (and
/// only there); the answer on the page is the same either way, so the page tells nobody who is a
/// candidate.
/// </summary>
public sealed class LostLinks(AppDbContext db, CandidateLinks links, MailOutbox outbox, FeedbackMail mail, LostLinkLimits limits, IOptions<FeedbackOptions> options, TimeProvider time)
{
    public const string SameAnswer = "If we know this address, a link is on its way to it. It can take a few minutes; check your spam folder too.";

    public async Task<LostLinkAnswer> RequestAsync(string? email, string client, CancellationToken ct)
    {
        var address = email?.Trim() ?? "";
        if (address.Length is 0 or > Candidate.MaxEmailLength || !MailAddress.TryCreate(address, out _))
        {
            return LostLinkAnswer.NotAnEmail;
        }

        if (!limits.AllowClient(client))
        {
            return LostLinkAnswer.TooMany;
        }

        var normalized = Candidate.NormalizeEmail(address);
        var candidate = await db.Candidates.SingleOrDefaultAsync(c => c.NormalizedEmail == normalized, ct);
        if (candidate is null || !limits.AllowAddress(normalized))
        {
            return LostLinkAnswer.Sent;
        }

        var now = time.GetUtcNow();
        var interviews = await db.Interviews.Include(i => i.CandidateLinks).Include(i => i.Loop)
            .Where(i => i.Loop!.CandidateId == candidate.Id && i.Status != InterviewStatus.Cancelled)
            .ToListAsync(ct);
        var issued = new List<(string What, string Token)>();
        // A letter to read: the loop's latest interview opens the page it is on.
        foreach (var loop in interviews.GroupBy(i => i.Loop!).Where(g => g.Key.State == LoopState.FeedbackSent && options.Value.SendToCandidates))
        {
            var latest = loop.OrderByDescending(i => i.ScheduledAt).First();
            issued.Add(($"Your feedback for the {loop.Key.Role} role", links.Issue(latest, now + options.Value.LetterLinkLifetime)));
        }

        // An interview still ahead (compared here: SQLite cannot compare dates with an offset).
        foreach (var upcoming in interviews.Where(i => i.Status is InterviewStatus.Planned or InterviewStatus.InProgress && i.EndsAt > now).OrderBy(i => i.ScheduledAt))
        {
            issued.Add(($"Your interview for the {upcoming.Loop!.Role} role, {upcoming.ScheduledAt.ToUniversalTime().ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)}", links.Issue(upcoming)));
        }

        if (issued.Count == 0)
        {
            return LostLinkAnswer.Sent;
        }

        outbox.Add(mail.LinksAgain(candidate, issued), new MailCause(FeedbackMail.LinkAgainCause), sendBefore: null);
        if (await links.TrySaveAsync(ct))
        {
            outbox.Posted();
        }

        return LostLinkAnswer.Sent;
    }
}
