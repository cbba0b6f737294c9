using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Candidates;

/// <summary>
/// The candidate list and its search, a loop seen only by those it concerns, the debrief lead
/// handed on in the open, and how a candidate is addressed, all through the HTTP API.
/// </summary>
public sealed class CandidateApiTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Search_FoldsAsciiCaseOnly_TheSameOnEveryDatabase(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        await InterviewWorld.PlanAsync(coordinator, app, "Élodie Martin", "martin@example.org", world.InterviewerOnA);
        await InterviewWorld.PlanAsync(coordinator, app, "Mélodie Durand", "durand@example.org", world.InterviewerOnA);
        await InterviewWorld.PlanAsync(coordinator, app, "Percy 100% Sure", "percy@example.org", world.InterviewerOnA);

        Assert.Equal(["Alice Candidate"], await NamesAsync(coordinator, "ALICE@EXAMPLE.ORG"));
        Assert.Equal(["Alice Candidate"], await NamesAsync(coordinator, "aLiCe"));
        // É and é are different letters under ASCII folding: each finds only the name written with it.
        Assert.Equal(["Mélodie Durand"], await NamesAsync(coordinator, "élodie"));
        Assert.Equal(["Élodie Martin"], await NamesAsync(coordinator, "ÉLODIE"));
        Assert.Equal(["Mélodie Durand", "Élodie Martin"], (await NamesAsync(coordinator, "LODIE")).Order(StringComparer.Ordinal));
        // Wildcards are characters: % finds the one name holding it, _ finds nobody.
        Assert.Equal(["Percy 100% Sure"], await NamesAsync(coordinator, "%"));
        Assert.Empty(await NamesAsync(coordinator, "_"));
        Assert.Empty(await NamesAsync(coordinator, "ali\u202Ece"));
    }

    [Fact]
    public async Task List_PutsNewestActivityFirst_WithLoopsInterviewsAndTheNextInterview()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await InterviewWorld.PlanAsync(coordinator, app, "Alice Candidate", "alice@example.org", world.InterviewerOnB);

        var list = (await coordinator.GetFromJsonAsync<CandidateListResponse>("/api/candidates"))!;

        Assert.Equal(["Alice Candidate", "Bruno Candidate"], list.Candidates.Select(c => c.AddressedAs));
        var alice = list.Candidates[0];
        Assert.Equal(2, alice.InterviewCount);
        Assert.Equal([("ML Engineer", "interviewing", 2)], alice.Loops.Select(l => (l.Role, l.State, l.InterviewCount)));
        Assert.Equal(world.InterviewA.Interview.ScheduledAt, alice.NextInterviewAt);

        // Moving Bruno's interview is newer activity than anything of Alice's.
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var moved = await coordinator.PutAsJsonAsync($"/api/interviews/{world.InterviewB.Interview.Id}/schedule", new RescheduleRequest(app.Time.GetUtcNow().AddDays(4)));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(["Bruno Candidate", "Alice Candidate"], await NamesAsync(coordinator, ""));
        Assert.Equal(second.Interview.LoopId, alice.Loops[0].Id);
    }

    [Theory]
    [InlineData("/api/candidates?query=QQQQ", "query")]
    [InlineData("/api/candidates?page=0", "page")]
    public async Task List_WithABadQuery_NamesTheField(string path, string field)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.GetAsync(path.Replace("QQQQ", new string('q', CandidateQueries.MaxQueryLength + 1), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
    }

    [Fact]
    public async Task Loop_IsHiddenFromAnInterviewerOnNoneOfItsInterviews_UntilTheyLeadItsDebrief()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var loopId = world.InterviewA.Interview.LoopId;
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var onA = await app.SignedInClientAsync(world.InterviewerOnA);
        var onB = await app.SignedInClientAsync(world.InterviewerOnB);

        var seen = (await onA.GetFromJsonAsync<LoopResponse>($"/api/loops/{loopId}"))!;
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/api/loops/{loopId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/loops/{loopId}")).StatusCode);
        // An unknown loop looks the same as a hidden one.
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/api/loops/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal("Alice Candidate", seen.CandidateName);
        Assert.Equal(world.Coordinator.Id, seen.DebriefLead.Id);
        Assert.Equal([world.InterviewA.Interview.Id], seen.Interviews.Select(i => i.Id));
        Assert.Equal("planned", seen.Interviews[0].Status);

        var handed = await coordinator.PutAsJsonAsync($"/api/loops/{loopId}/lead", new DebriefLeadRequest(world.InterviewerOnB.Id));

        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        Assert.Equal("Bob Interviewer", (await handed.Content.ReadFromJsonAsync<LoopResponse>())!.DebriefLead.DisplayName);
        Assert.Equal(world.InterviewerOnB.Id, (await onB.GetFromJsonAsync<LoopResponse>($"/api/loops/{loopId}"))!.DebriefLead.Id);
        // The panel sees the hand-over in the interview's history.
        var change = Assert.Single((await onA.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{world.InterviewA.Interview.Id}/changes"))!, c => c.Kind == "debrief-lead-changed");
        Assert.Contains("to Bob Interviewer", change.Detail, StringComparison.Ordinal);
        Assert.Equal(world.Coordinator.DisplayName, change.By);
        // Interviewers cannot hand it on themselves, even the lead.
        Assert.Equal(HttpStatusCode.Forbidden, (await onB.PutAsJsonAsync($"/api/loops/{loopId}/lead", new DebriefLeadRequest(world.InterviewerOnA.Id))).StatusCode);
    }

    [Theory]
    [InlineData("nobody", "debriefLeadId")]
    [InlineData("", "debriefLeadId")]
    public async Task ChangeLead_ToSomeoneWhoIsNotStaff_NamesTheFieldAndChangesNothing(string leadId, string field)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var loopId = world.InterviewA.Interview.LoopId;

        var response = await coordinator.PutAsJsonAsync($"/api/loops/{loopId}/lead", new DebriefLeadRequest(leadId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(world.Coordinator.Id, (await coordinator.GetFromJsonAsync<LoopResponse>($"/api/loops/{loopId}"))!.DebriefLead.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PutAsJsonAsync($"/api/loops/{Guid.NewGuid()}/lead", new DebriefLeadRequest(world.Admin.Id))).StatusCode);
    }

    [Theory]
    [InlineData("Al\u202Eice", "she/her", "preferredName")]
    [InlineData("Ally", "she\nher", "pronouns")]
    [InlineData("Ally", "she/her/they/them/xe/xem/ze/zir/fae/faer/any", "pronouns")]
    public async Task UpdateCandidate_WithControlDirectionOrTooLongText_NamesTheFieldAndChangesNothing(string preferred, string pronouns, string field)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var path = $"/api/candidates/{world.InterviewA.Interview.CandidateId}";

        var response = await coordinator.PutAsJsonAsync(path, new CandidateUpdateRequest(preferred, pronouns));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        var candidate = (await coordinator.GetFromJsonAsync<CandidateResponse>(path))!;
        Assert.Null(candidate.PreferredName);
        Assert.Null(candidate.Pronouns);
    }

    [Fact]
    public async Task UpdateCandidate_AddressesThemByTheirPreferredName_Everywhere_AndEmptyClearsIt()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var path = $"/api/candidates/{world.InterviewA.Interview.CandidateId}";

        var updated = await coordinator.PutAsJsonAsync(path, new CandidateUpdateRequest("  Ally ", "she/her"));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var candidate = (await updated.Content.ReadFromJsonAsync<CandidateResponse>())!;
        Assert.Equal(("Ally", "Alice Candidate", "she/her"), (candidate.AddressedAs, candidate.Name, candidate.Pronouns));
        var interview = (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{world.InterviewA.Interview.Id}"))!;
        Assert.Equal(("Ally", "she/her"), (interview.CandidateName, interview.Pronouns));
        Assert.Equal("Ally", (await InterviewWorld.CandidateClient(app, world.TokenA).GetFromJsonAsync<CandidateInterviewResponse>("/api/candidate/interview"))!.CandidateName);
        Assert.Equal("Ally", (await coordinator.GetFromJsonAsync<LoopResponse>($"/api/loops/{world.InterviewA.Interview.LoopId}"))!.CandidateName);

        var cleared = (await (await coordinator.PutAsJsonAsync(path, new CandidateUpdateRequest("", null))).Content.ReadFromJsonAsync<CandidateResponse>())!;
        Assert.Equal("Alice Candidate", cleared.AddressedAs);
        Assert.Null(cleared.Pronouns);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PutAsJsonAsync($"/api/candidates/{Guid.NewGuid()}", new CandidateUpdateRequest("X", null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/candidates/{Guid.NewGuid()}")).StatusCode);
    }

    /// <summary>The names the search finds, in the list's order (newest activity first).</summary>
    private static async Task<List<string>> NamesAsync(HttpClient client, string query) =>
        [.. (await client.GetFromJsonAsync<CandidateListResponse>($"/api/candidates?query={Uri.EscapeDataString(query)}"))!.Candidates.Select(c => c.AddressedAs)];
}
