using System.Security.Claims;

namespace Rapport.Features.Accounts;

public static class StaffPrincipal
{
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A staff endpoint ran without a signed-in user; its authorization policy is missing.");

    /// <summary>Coordinators and admins see and manage every interview; interviewers only their own.</summary>
    public static bool SeesAllInterviews(this ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.Admin) || user.IsInRole(StaffRoles.Coordinator);
}
