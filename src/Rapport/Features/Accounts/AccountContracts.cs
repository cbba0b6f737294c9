namespace Rapport.Features.Accounts;

public sealed record StaffUserResponse(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool HasSignedIn);

public sealed record InviteStaffRequest(string? Email, string? DisplayName, string? Role);

/// <summary>The invited account and its one-time sign-in link, shown once to the admin who invited.</summary>
public sealed record InvitedStaffResponse(StaffUserResponse User, string SignInLink);

/// <summary>A one-time link to choose a password; it stops working once used or after 3 days.</summary>
public sealed record SignInLinkResponse(string SignInLink);
