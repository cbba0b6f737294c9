using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Candidates;

/// <summary>
/// A person who interviews with us, once however many loops they go through: found by email,
/// never duplicated. Addressed everywhere by <see cref="AddressedAs"/>, so a preferred name is
/// used in every page, room and letter.
/// </summary>
public sealed class Candidate
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxPronounsLength = 40;

    public Guid Id { get; init; }

    /// <summary>The name as the candidate gave it (legal or not; whatever they applied with).</summary>
    public required string Name { get; set; }

    public required string Email { get; set; }

    /// <summary>The email as the database compares it (<see cref="NormalizeEmail"/>); unique.</summary>
    public required string NormalizedEmail { get; set; }

    /// <summary>What they like to be called, when it is not <see cref="Name"/>.</summary>
    public string? PreferredName { get; set; }

    /// <summary>As they wrote them, for example "she/her" or "they/them"; shown to the panel beside the name.</summary>
    public string? Pronouns { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public List<Loop> Loops { get; } = [];

    /// <summary>The name to address them by: the preferred name when they gave one.</summary>
    public string AddressedAs => PreferredName ?? Name;

    /// <summary>
    /// Emails compare with ASCII letters folded to lower case and nothing else: it is what every
    /// mail provider does in practice, and the one folding both databases' SQL can repeat exactly
    /// (the migration that made candidates from older interviews grouped them the same way).
    /// </summary>
    public static string NormalizeEmail(string email) => string.Create(email.Length, email, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + ('a' - 'A')) : source[i];
        }
    });
}

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Candidate.MaxNameLength);
        builder.Property(c => c.Email).HasMaxLength(Candidate.MaxEmailLength);
        builder.Property(c => c.NormalizedEmail).HasMaxLength(Candidate.MaxEmailLength);
        builder.Property(c => c.PreferredName).HasMaxLength(Candidate.MaxNameLength);
        builder.Property(c => c.Pronouns).HasMaxLength(Candidate.MaxPronounsLength);
        builder.HasIndex(c => c.NormalizedEmail).IsUnique();
        builder.Ignore(c => c.AddressedAs);
        builder.HasMany(c => c.Loops).WithOne(l => l.Candidate).HasForeignKey(l => l.CandidateId).OnDelete(DeleteBehavior.Restrict);
    }
}
