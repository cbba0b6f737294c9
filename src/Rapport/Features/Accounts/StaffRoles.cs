namespace Rapport.Features.Accounts;

/// <summary>The three staff roles. Each role includes what the ones below it may do.</summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Coordinator = "coordinator";
    public const string Interviewer = "interviewer";

    public static readonly IReadOnlyList<string> All = [Admin, Coordinator, Interviewer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>Authorization policy names, one per kind of caller.</summary>
public static class Policies
{
    /// <summary>Any signed-in staff member; interview-level checks happen in the query.</summary>
    public const string Staff = "staff";

    /// <summary>Plans interviews and manages candidate links.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>
    /// For a page that every staff member may read but only coordinators may post to: Blazor maps
    /// GET and POST of a page to one endpoint, so the method is checked in the policy.
    /// </summary>
    public const string CoordinatorToPost = "coordinator-to-post";

    /// <summary>Manages accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Anyone who may open a room connection: staff by cookie, a candidate by link. Each hub method checks further.</summary>
    public const string RoomParticipant = "room-participant";

    /// <summary>Holds a valid candidate link; sees that one interview's candidate view.</summary>
    public const string Candidate = "candidate";
}
