using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Accounts;

/// <summary>A person who works in Rapport: an admin, a coordinator or an interviewer. Candidates never have one.</summary>
public sealed class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
