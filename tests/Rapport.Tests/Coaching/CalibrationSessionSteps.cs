using System.Runtime.CompilerServices;
using System.Security.Claims;
using Rapport.Features.Accounts;
using Rapport.Features.Coaching.Sessions;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Scorecards;

namespace Rapport.Tests.Coaching;

public static class CalibrationSessionSteps
{
    private static readonly ConditionalWeakTable<InterviewWorld, object> Created = [];

    /// <summary>Interview A happens (two-sum asked and hinted, then ended) and an admin makes a session of it for <paramref name="members"/>. Returns its id.</summary>
    public static async Task<Guid> SessionOnAAsync(InterviewWorld world, params StaffMember[] members)
    {
        await ScorecardSteps.InterviewAsync(world);
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, world.Admin.Id), new Claim(ClaimTypes.Role, StaffRoles.Admin)], "test"));
        var (id, problems) = await world.App.InScopeAsync(s => s.GetRequiredService<CalibrationSessionDesk>()
            .CreateAsync(admin, world.InterviewA.Interview.Id, "Practice on two-sum", [.. members.Select(m => m.Id)], CancellationToken.None));
        Assert.True(id is not null, string.Join("; ", problems.SelectMany(p => p.Value)));
        Created.AddOrUpdate(world, id!.Value);
        return id.Value;
    }

    /// <summary>For the authorization matrix: a session on interview A scored by its interviewer and the coordinator.</summary>
    public static Task ForMatrixAsync(InterviewWorld world) => SessionOnAAsync(world, world.InterviewerOnA, world.Coordinator);

    public static Guid SessionOf(InterviewWorld world) => Created.TryGetValue(world, out var id) ? (Guid)id : Guid.Empty;

    /// <summary>A score of the sheet's problem-solving line at <paramref name="level"/>, as the form posts it.</summary>
    public static Dictionary<string, string> ScoreForm(int level) => new()
    {
        ["ratings[0].question"] = "two-sum",
        ["ratings[0].signal"] = "problem-solving",
        ["ratings[0].level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ratings[0].evidence"] = "Named the hash map's linear time and tested the empty list first.",
        ["recommendation"] = "yes",
        ["why"] = "Sound approach, checked their own work.",
    };
}
