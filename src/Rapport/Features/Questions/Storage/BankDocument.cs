using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Interviews;

namespace Rapport.Features.Questions.Storage;

public enum BankDocumentKind
{
    Signals,
    Question,
    Kit,
    LanguageCheck,
}

/// <summary>A question, a kit, the signal set or the language-check list, by its stable id; its content lives in versions.</summary>
public sealed class BankDocument
{
    public Guid Id { get; init; }

    public BankDocumentKind Kind { get; init; }

    /// <summary>The question or kit id (or "signals", or "language-check").</summary>
    public required string Key { get; init; }

    /// <summary>Where the file sits in a bank folder, e.g. questions/ml/kmeans.md; export writes it there.</summary>
    public required string Path { get; set; }

    public List<BankDocumentVersion> Versions { get; } = [];
}

/// <summary>One immutable version of a bank file. Interviews pin versions, so what they used never changes.</summary>
public sealed class BankDocumentVersion
{
    public Guid Id { get; init; }

    public Guid DocumentId { get; init; }

    public BankDocument? Document { get; init; }

    public int Number { get; init; }

    /// <summary>SHA-256 of the text, hex: an unchanged file creates no version.</summary>
    public required string ContentHash { get; init; }

    public required string Source { get; init; }

    public required string Title { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How it came: "import", or "edited in the browser by NAME".</summary>
    public required string Origin { get; init; }
}

/// <summary>A bank version an interview used: its kit, its questions and the signal set.</summary>
public sealed class InterviewBankPin
{
    public Guid InterviewId { get; init; }

    public Guid VersionId { get; init; }

    public BankDocumentVersion? Version { get; init; }

    public Interview? Interview { get; init; }
}

internal sealed class BankDocumentConfiguration : IEntityTypeConfiguration<BankDocument>
{
    public void Configure(EntityTypeBuilder<BankDocument> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Key).HasMaxLength(64);
        builder.Property(d => d.Path).HasMaxLength(400);
        builder.HasIndex(d => new { d.Kind, d.Key }).IsUnique();
        builder.HasMany(d => d.Versions).WithOne(v => v.Document).HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BankDocumentVersionConfiguration : IEntityTypeConfiguration<BankDocumentVersion>
{
    public void Configure(EntityTypeBuilder<BankDocumentVersion> builder)
    {
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.Property(v => v.Title).HasMaxLength(200);
        builder.Property(v => v.Origin).HasMaxLength(300);
        builder.HasIndex(v => new { v.DocumentId, v.Number }).IsUnique();
    }
}

internal sealed class InterviewBankPinConfiguration : IEntityTypeConfiguration<InterviewBankPin>
{
    public void Configure(EntityTypeBuilder<InterviewBankPin> builder)
    {
        builder.HasKey(p => new { p.InterviewId, p.VersionId });
        builder.HasOne(p => p.Interview).WithMany(i => i.Pins).HasForeignKey(p => p.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Version).WithMany().HasForeignKey(p => p.VersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.VersionId);
    }
}
