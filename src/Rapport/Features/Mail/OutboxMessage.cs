using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Mail;

public enum OutboxState
{
    /// <summary>Not sent: no mail server is configured. Sent once one is (at the next start), unless too late by then.</summary>
    Held,

    /// <summary>Waiting for its first attempt.</summary>
    Pending,

    /// <summary>Claimed by a sender, which holds it until <see cref="OutboxMessage.NextAttemptAt"/>.</summary>
    Sending,

    /// <summary>An attempt failed; the next is at <see cref="OutboxMessage.NextAttemptAt"/>.</summary>
    Retrying,

    Sent,

    /// <summary>Given up: the server refused it for good, every attempt failed, or it was too late to be of use.</summary>
    Failed,
}

/// <summary>What caused a message: a kind such as "invitation", and the interview it is about.</summary>
public sealed record MailCause(string Kind, Guid? InterviewId = null);

/// <summary>
/// One outgoing message, written in the same transaction as what caused it and delivered by
/// <see cref="MailSender"/>. The message itself (<see cref="Mime"/>) is kept only until it is
/// sent or given up: a candidate's invitation holds their live link.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAnswerLength = 1000;

    public Guid Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The recipient's address.</summary>
    public required string To { get; init; }

    public required string Subject { get; init; }

    /// <summary>The whole MIME message as it will be sent; null once sent or given up.</summary>
    public byte[]? Mime { get; set; }

    public OutboxState State { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the message is next due: its next attempt, or, while it is being sent, when its sender's claim lapses.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>A message still unsent by then is given up (an invitation: when the interview begins).</summary>
    public DateTimeOffset? SendBefore { get; init; }

    /// <summary>The SMTP server's last answer, or why there was none.</summary>
    public string? LastAnswer { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public required string Cause { get; init; }

    public Guid? InterviewId { get; init; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.To).HasMaxLength(254);
        builder.Property(m => m.Subject).HasMaxLength(1000);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.LastAnswer).HasMaxLength(OutboxMessage.MaxAnswerLength);
        builder.Property(m => m.Cause).HasMaxLength(32);
        // The sender's question: what is due now, soonest first.
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasIndex(m => m.CreatedAt);
        builder.HasIndex(m => m.InterviewId);
    }
}
