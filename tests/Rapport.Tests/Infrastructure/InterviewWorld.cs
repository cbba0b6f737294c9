using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// The cast every authorization question needs: an admin, a coordinator, an interviewer on
/// interview A, one who is only on interview B, and the two candidates with their links.
/// </summary>
public sealed class InterviewWorld
{
    public required RapportTestApp App { get; init; }

    public required StaffMember Admin { get; init; }

    public required StaffMember Coordinator { get; init; }

    public required StaffMember InterviewerOnA { get; init; }

    public required StaffMember InterviewerOnB { get; init; }

    public required PlannedInterviewResponse InterviewA { get; init; }

    public required PlannedInterviewResponse InterviewB { get; init; }

    public string TokenA => TokenOf(InterviewA.CandidateLink.Url);

    public string TokenB => TokenOf(InterviewB.CandidateLink.Url);

    /// <summary>Two interviews (A and B) from one kit, each with its own interviewer, a coordinator and an admin.</summary>
    /// <param name="app">The app to plan them in.</param>
    /// <param name="kit">The kit both interviews are planned from: <see cref="Questions.BankFiles.Kit"/> unless a test needs another.</param>
    public static async Task<InterviewWorld> CreateAsync(RapportTestApp app, string? kit = null)
    {
        var admin = await app.CreateStaffAsync(StaffRoles.Admin);
        var coordinator = await app.CreateStaffAsync(StaffRoles.Coordinator);
        var onA = await app.CreateStaffAsync(StaffRoles.Interviewer, "Ada Interviewer");
        var onB = await app.CreateStaffAsync(StaffRoles.Interviewer, "Bob Interviewer");
        // A small bank, so pages and endpoints about questions and kits have something to show.
        var bank = Rapport.Features.Questions.Format.BankCheck.Check([new("questions/two-sum.md", Questions.BankFiles.Question), new("kits/screen.yaml", kit ?? Questions.BankFiles.Kit)]).Bank!;
        await app.InScopeAsync(s => s.GetRequiredService<Rapport.Features.Questions.Storage.BankLibrary>().ImportAsync(bank, "import", CancellationToken.None));
        var client = await app.SignedInClientAsync(coordinator);
        return new InterviewWorld
        {
            App = app,
            Admin = admin,
            Coordinator = coordinator,
            InterviewerOnA = onA,
            InterviewerOnB = onB,
            InterviewA = await PlanFromKitAsync(client, app, "Alice Candidate", "alice@example.org", onA),
            InterviewB = await PlanFromKitAsync(client, app, "Bruno Candidate", "bruno@example.org", onB),
        };
    }

    /// <summary>A plan from the small bank's kit (sections, the two-sum question), when that bank is imported.</summary>
    public static CreateInterviewRequest Request(RapportTestApp app, string name, string email, params StaffMember[] panel) => new(
        name, email, "ML Engineer", app.Time.GetUtcNow().AddDays(2), 60, [.. panel.Select(p => p.Id)], KitId: null);

    public static async Task<PlannedInterviewResponse> PlanFromKitAsync(HttpClient coordinator, RapportTestApp app, string name, string email, params StaffMember[] panel)
    {
        var response = await coordinator.PostAsJsonAsync("/api/interviews", Request(app, name, email, panel) with { KitId = "screen" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!;
    }

    public static async Task<PlannedInterviewResponse> PlanAsync(HttpClient coordinator, RapportTestApp app, string name, string email, params StaffMember[] panel)
    {
        var response = await coordinator.PostAsJsonAsync("/api/interviews", Request(app, name, email, panel));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!;
    }

    public static string TokenOf(string candidateUrl) => candidateUrl[(candidateUrl.LastIndexOf('/') + 1)..];

    public static HttpClient CandidateClient(RapportTestApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}
