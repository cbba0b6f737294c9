using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Rapport.Data;

namespace Rapport.Features.Mail;

/// <summary>
/// Where features post mail: a message is added to the caller's database context and stored by its
/// next SaveChanges, in the same transaction as what caused it. Nothing here talks to a mail server.
/// </summary>
public sealed class MailOutbox(AppDbContext db, IOptions<MailOptions> options, MailSender sender, TimeProvider time)
{
    public const int RecentLimit = 100;

    public MailboxAddress From => MailboxAddress.Parse(options.Value.From);

    public bool ServerConfigured => options.Value.ServerConfigured;

    /// <summary>Adds the message (one recipient) to the context; <paramref name="sendBefore"/>: when it stops being of use.</summary>
    public OutboxMessage Add(MimeMessage message, MailCause cause, DateTimeOffset? sendBefore)
    {
        var now = time.GetUtcNow();
        message.Date = now;
        using var mime = new MemoryStream();
        message.WriteTo(mime);
        var stored = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            CreatedAt = now,
            To = message.To.Mailboxes.Single().Address,
            Subject = message.Subject ?? "",
            Mime = mime.ToArray(),
            State = ServerConfigured ? OutboxState.Pending : OutboxState.Held,
            NextAttemptAt = ServerConfigured ? now : null,
            SendBefore = sendBefore,
            Cause = cause.Kind,
            InterviewId = cause.InterviewId,
        };
        db.OutboxMessages.Add(stored);
        return stored;
    }

    /// <summary>Call once the transaction that stored new mail has committed: the sender looks at once.</summary>
    public void Posted()
    {
        if (ServerConfigured)
        {
            sender.Wake();
        }
        else
        {
            sender.NoteHeld();
        }
    }

    /// <summary>The latest messages, newest first, without their bodies; of one interview when <paramref name="interviewId"/> is given.</summary>
    public Task<List<OutboxMessageResponse>> RecentAsync(Guid? interviewId, CancellationToken ct) =>
        db.OutboxMessages.AsNoTracking()
            .Where(m => interviewId == null || m.InterviewId == interviewId)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(RecentLimit)
            .Select(m => new OutboxMessageResponse(
                m.Id, m.CreatedAt, m.To, m.Subject, m.Cause, m.InterviewId, OutboxMessageResponse.StateName(m.State),
                m.Attempts, m.LastAnswer, m.NextAttemptAt, m.SentAt))
            .ToListAsync(ct);
}
