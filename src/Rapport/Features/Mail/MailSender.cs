using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Rapport.Data;

namespace Rapport.Features.Mail;

/// <summary>
/// Delivers the outbox in the background. Each due message is first claimed with one conditional
/// UPDATE (due, and not claimed by a live sender), so several server instances never send the same
/// message; then it is sent, and marked sent (its body dropped) in the next statement. Failures wait
/// with exponential backoff, up to <see cref="MailOptions.MaxAttempts"/>. See docs/adr/0008-mail-outbox.md.
/// </summary>
public sealed class MailSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider time, ILogger<MailSender> logger) : BackgroundService
{
    /// <summary>How long a claim holds: well past a whole SMTP transaction, so no live sender loses its message to another.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle sender looks for work it was not woken for (another instance's retries, a lapsed claim).</summary>
    public static readonly TimeSpan IdleCheck = TimeSpan.FromMinutes(1);

    private const int Batch = 20;

    private readonly Channel<bool> doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<string> smtpProblemsLogged = [];
    private readonly HashSet<string> storageProblemsLogged = [];
    private int heldLogged;

    /// <summary>New mail is in the outbox (committed): look now rather than at the next check.</summary>
    public void Wake() => doorbell.Writer.TryWrite(true);

    /// <summary>Says once per process that mail is kept, not sent, and how to change that.</summary>
    public void NoteHeld()
    {
        if (Interlocked.Exchange(ref heldLogged, 1) == 0)
        {
            logger.LogWarning("No mail server is configured (Mail:SmtpHost), so mail is kept in the outbox and not sent; the Mail page lists it");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        if (settings.ServerConfigured)
        {
            await RunCheckedAsync(ReleaseHeldAsync, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = await RunCheckedAsync(SendDueAsync, stoppingToken);
            await WaitAsync(next, stoppingToken);
        }
    }

    /// <summary>Messages kept while no server was configured go out now that one is.</summary>
    private async Task<DateTimeOffset?> ReleaseHeldAsync(AppDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var released = await db.OutboxMessages.Where(m => m.State == OutboxState.Held)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Pending).SetProperty(m => m.NextAttemptAt, now), ct);
        if (released > 0)
        {
            logger.LogInformation("{Count} message(s) kept while no mail server was configured will be sent now", released);
        }

        return now;
    }

    /// <summary>Gives up what is too late, sends what is due; returns when the next message is due (null: none is).</summary>
    private async Task<DateTimeOffset?> SendDueAsync(AppDbContext db, CancellationToken ct)
    {
        var settings = options.Value;
        await GiveUpLateAsync(db, time.GetUtcNow(), ct);
        if (!settings.ServerConfigured)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var due = await Due(db.OutboxMessages, now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(Batch).ToListAsync(ct);
        await using (var smtp = new SmtpDelivery(settings))
        {
            foreach (var id in due)
            {
                // Stop between messages, never inside one: a message the server took must be recorded as sent.
                ct.ThrowIfCancellationRequested();
                await SendOneAsync(db, smtp, id, settings, ct);
            }
        }

        return due.Count == Batch
            ? now
            : await db.OutboxMessages.Where(m => m.State == OutboxState.Pending || m.State == OutboxState.Retrying || m.State == OutboxState.Sending)
                .OrderBy(m => m.NextAttemptAt).Select(m => m.NextAttemptAt).FirstOrDefaultAsync(ct);
    }

    private async Task SendOneAsync(AppDbContext db, SmtpDelivery smtp, Guid id, MailOptions settings, CancellationToken ct)
    {
        // Whole milliseconds, which both databases store exactly: the lease is compared for equality when recording.
        var leaseEnd = time.GetUtcNow() + Lease;
        leaseEnd = leaseEnd.AddTicks(-(leaseEnd.Ticks % TimeSpan.TicksPerMillisecond));
        if (!await ClaimAsync(db, id, time.GetUtcNow(), leaseEnd, ct))
        {
            return;
        }

        var stored = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Mime, m.Attempts }).SingleAsync(ct);
        string answer;
        try
        {
            var message = await MimeMessage.LoadAsync(new MemoryStream(stored.Mime!), ct);
            // Not cancelled by shutdown: the host waits for this one message rather than leave it half sent.
            answer = await smtp.SendAsync(message, CancellationToken.None);
        }
        catch (MailNotAcceptedException e)
        {
            var final = e.Permanent || stored.Attempts >= settings.MaxAttempts;
            await RecordFailureAsync(db, id, leaseEnd, e.Message, final ? null : time.GetUtcNow() + settings.RetryDelayAfter(stored.Attempts));
            if (smtpProblemsLogged.Add(e.Message))
            {
                logger.LogWarning("Mail was not sent: {Answer}. {What}", e.Message, final
                    ? $"Message {id} is marked failed after {stored.Attempts} attempt(s)."
                    : "It is retried with growing waits; further failures for this reason are not logged.");
            }

            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not the server's doing (a message that does not parse, a fault in MailKit): counted like
            // any failed attempt, so it cannot come back for ever.
            var final = stored.Attempts >= settings.MaxAttempts;
            await RecordFailureAsync(db, id, leaseEnd, $"Rapport could not send it: {e.Message}", final ? null : time.GetUtcNow() + settings.RetryDelayAfter(stored.Attempts));
            if (smtpProblemsLogged.Add(e.GetType().FullName + e.Message))
            {
                logger.LogError(e, "Message {Id} could not be sent", id);
            }

            return;
        }

        if (!await RecordSentAsync(db, id, leaseEnd, answer))
        {
            logger.LogWarning("Message {Id} was sent but its claim had lapsed meanwhile; another sender may send it again", id);
        }

        if (smtpProblemsLogged.Count > 0)
        {
            smtpProblemsLogged.Clear();
            logger.LogInformation("The mail server {Server} takes mail again", smtp.Server);
        }
    }

    /// <summary>
    /// Takes a due message for one sender: the UPDATE matches only while the message is due (waiting,
    /// or claimed by a sender whose lease lapsed), so of two senders racing, one changes the row.
    /// </summary>
    internal static async Task<bool> ClaimAsync(AppDbContext db, Guid id, DateTimeOffset now, DateTimeOffset leaseEnd, CancellationToken ct) =>
        await Due(db.OutboxMessages, now).Where(m => m.Id == id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.State, OutboxState.Sending)
                    .SetProperty(m => m.NextAttemptAt, leaseEnd)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1),
                ct) == 1;

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> messages, DateTimeOffset now) =>
        messages.Where(m => (m.State == OutboxState.Pending || m.State == OutboxState.Retrying || m.State == OutboxState.Sending) && m.NextAttemptAt <= now);

    /// <summary>Marks it sent and drops its body in one statement, if this sender still holds it.</summary>
    private async Task<bool> RecordSentAsync(AppDbContext db, Guid id, DateTimeOffset leaseEnd, string answer)
    {
        var now = time.GetUtcNow();
        return await StillClaimed(db, id, leaseEnd).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.State, OutboxState.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.LastAnswer, Shortened(answer))
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Mime, (byte[]?)null),
            CancellationToken.None) == 1;
    }

    private static Task<int> RecordFailureAsync(AppDbContext db, Guid id, DateTimeOffset leaseEnd, string answer, DateTimeOffset? nextAttempt) =>
        StillClaimed(db, id, leaseEnd).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(m => m.State, nextAttempt is null ? OutboxState.Failed : OutboxState.Retrying)
                    .SetProperty(m => m.LastAnswer, Shortened(answer))
                    .SetProperty(m => m.NextAttemptAt, nextAttempt);
                if (nextAttempt is null)
                {
                    s.SetProperty(m => m.Mime, (byte[]?)null);
                }
            },
            CancellationToken.None);

    private static IQueryable<OutboxMessage> StillClaimed(AppDbContext db, Guid id, DateTimeOffset leaseEnd) =>
        db.OutboxMessages.Where(m => m.Id == id && m.State == OutboxState.Sending && m.NextAttemptAt == leaseEnd);

    /// <summary>A message still unsent when it stops being of use is given up, and its body (with any link in it) dropped.</summary>
    private static async Task GiveUpLateAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var late = db.OutboxMessages.Where(m => m.SendBefore != null && m.SendBefore <= now);
        await late.Where(m => m.State == OutboxState.Held).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.State, OutboxState.Failed)
                .SetProperty(m => m.LastAnswer, "not sent: no mail server was configured before it was too late")
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Mime, (byte[]?)null),
            ct);
        await late.Where(m => m.State == OutboxState.Pending || m.State == OutboxState.Retrying).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.State, OutboxState.Failed)
                .SetProperty(m => m.LastAnswer, m => "given up, too late to be of use; the last answer was: " + (m.LastAnswer ?? "none"))
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Mime, (byte[]?)null),
            ct);
    }

    /// <summary>Room is left in the column for the words <see cref="GiveUpLateAsync"/> puts before it.</summary>
    private static string Shortened(string answer) => answer.Length <= OutboxMessage.MaxAnswerLength - 200 ? answer : answer[..(OutboxMessage.MaxAnswerLength - 200)];

    /// <summary>Runs one round in a scope of its own; a database that does not answer is logged (once per cause) and tried again later.</summary>
    private async Task<DateTimeOffset?> RunCheckedAsync(Func<AppDbContext, CancellationToken, Task<DateTimeOffset?>> round, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await round(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (storageProblemsLogged.Add(e.GetType().FullName + e.Message))
            {
                logger.LogError(e, "The mail sender could not read or update the outbox; it tries again in {Wait}", IdleCheck);
            }

            return null;
        }
    }

    /// <summary>Until <paramref name="next"/> (at most <see cref="IdleCheck"/>), or until woken.</summary>
    private async Task WaitAsync(DateTimeOffset? next, CancellationToken stoppingToken)
    {
        // Read the clock just before setting the timer: a test's fake clock may move at any moment.
        var wait = next is { } due ? due - time.GetUtcNow() : IdleCheck;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        if (wait > IdleCheck)
        {
            wait = IdleCheck;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = doorbell.Reader.WaitToReadAsync(either.Token).AsTask();
        var timer = Task.Delay(wait, time, either.Token);
        await Task.WhenAny(woken, timer);
        await either.CancelAsync();
        doorbell.Reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
    }
}
