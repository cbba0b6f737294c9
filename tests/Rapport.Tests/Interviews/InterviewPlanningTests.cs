using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Interviews;

public sealed class InterviewPlanningTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanInterview_StoresItAndReturnsALinkOnce(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);

        var token = world.TokenA;
        Assert.Equal(CandidateLinks.TokenLength, token.Length);
        Assert.True(CandidateLinks.TokenBytes * 8 >= 128);
        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CandidateLinks.AsNoTracking()
            .SingleAsync(l => l.InterviewId == world.InterviewA.Interview.Id));
        // Only the hash is kept: the token itself is nowhere in the row.
        Assert.Equal(CandidateLinks.Hash(token), stored.TokenHash);
        Assert.Equal(world.InterviewA.Interview.ScheduledAt.AddMinutes(60) + TimeSpan.FromDays(7), stored.ExpiresAt);

        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var fetched = await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{world.InterviewA.Interview.Id}");
        Assert.Equal("Alice Candidate", fetched!.CandidateName);
        Assert.Equal("active", fetched.CandidateLink.State);
        Assert.DoesNotContain(token, await coordinator.GetStringAsync($"/api/interviews/{world.InterviewA.Interview.Id}"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanInterview_WithBadFields_NamesEachFieldAndStoresNothing(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var coordinator = await app.CreateStaffAsync("coordinator");
        var client = await app.SignedInClientAsync(coordinator);

        var response = await client.PostAsJsonAsync("/api/interviews", new CreateInterviewRequest(
            new string('x', Rapport.Features.Candidates.Candidate.MaxNameLength + 1), "not-an-email", "", app.Time.GetUtcNow().AddHours(-1), 5, ["nobody"]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Equal(["candidateEmail", "candidateName", "durationMinutes", "interviewerIds", "role", "scheduledAt"], problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("201 characters long; the limit is 200", problem.Errors["candidateName"][0], StringComparison.Ordinal);
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Interviews.CountAsync()));
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CandidateLinks.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InterviewerNotOnThePanel_CannotSeeTheInterview(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var onB = await app.SignedInClientAsync(world.InterviewerOnB);

        var list = await onB.GetFromJsonAsync<List<InterviewResponse>>("/api/interviews");
        Assert.Equal([world.InterviewB.Interview.Id], list!.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/api/interviews/{world.InterviewA.Interview.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/interviews/{world.InterviewA.Interview.Id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Dashboard_ListsTheInterviewsOfTheSignedInInterviewer(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);

        var onA = await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync("/");
        Assert.Contains("Alice Candidate", onA, StringComparison.Ordinal);
        Assert.DoesNotContain("Bruno Candidate", onA, StringComparison.Ordinal);
        Assert.DoesNotContain("Plan an interview", onA, StringComparison.Ordinal);

        var coordinator = await (await app.SignedInClientAsync(world.Coordinator)).GetStringAsync("/");
        Assert.Contains("Alice Candidate", coordinator, StringComparison.Ordinal);
        Assert.Contains("Bruno Candidate", coordinator, StringComparison.Ordinal);
        Assert.Contains("Plan an interview", coordinator, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanInterviewPage_CreatesTheInterviewAndShowsTheLinkOnce()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.CreateStaffAsync("coordinator");
        var interviewer = await app.CreateStaffAsync("interviewer");
        var client = await app.SignedInClientAsync(coordinator);
        var start = app.Time.GetUtcNow().AddDays(3);

        var response = await client.PostFormWithTokenAsync("/interviews/new", "plan-interview", new Dictionary<string, string>
        {
            ["Input.CandidateName"] = "Chen Candidate",
            ["Input.CandidateEmail"] = "chen@example.org",
            ["Input.Role"] = "Data Scientist",
            ["Input.Date"] = start.ToString("yyyy-MM-dd"),
            ["Input.Time"] = "09:30",
            ["Input.TimeZone"] = "Asia/Tokyo",
            ["Input.DurationMinutes"] = "45",
            ["interviewer"] = interviewer.Id,
        }, await client.AntiforgeryTokenAsync("/interviews/new"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Interview planned", html, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(html, "http://localhost/c/([A-Za-z0-9_-]{43})");
        Assert.True(link.Success);
        var interview = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Interviews.AsNoTracking().SingleAsync());
        // 09:30 in Tokyo (UTC+9, no daylight saving) is 00:30 UTC.
        Assert.Equal(new TimeSpan(0, 30, 0), interview.ScheduledAt.UtcDateTime.TimeOfDay);
        Assert.Equal(45, interview.DurationMinutes);
    }

    [Fact]
    public async Task PlanInterview_WithAnUnreadableField_NamesItInAProblem()
    {
        await using var app = await RapportTestApp.StartAsync();
        var client = await app.SignedInClientAsync(await app.CreateStaffAsync("coordinator"));

        var response = await client.PostAsync("/api/interviews", new StringContent(
            """{"candidateName":"X","scheduledAt":"tomorrow"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.StartsWith("Expected a date and time with its offset", Assert.Single(problem!.Errors["scheduledAt"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffApiWrites_WithoutJson_AreRefused_SoOtherSitesCannotForgeThem()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var forged = await coordinator.PostAsync($"/api/interviews/{world.InterviewA.Interview.Id}/candidate-link", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await InterviewWorld.CandidateClient(app, world.TokenA).GetAsync("/api/candidate/interview")).StatusCode);
    }

    [Theory]
    [InlineData("2027-03-28", "02:30", "does not exist")]
    [InlineData("2027-10-31", "02:30", "happens twice")]
    public async Task PlanInterviewPage_AtATimeTheClocksSkipOrRepeat_AsksForAnotherTime(string date, string time, string problem)
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.CreateStaffAsync("coordinator");
        var client = await app.SignedInClientAsync(coordinator);

        var response = await client.PostFormWithTokenAsync("/interviews/new", "plan-interview", new Dictionary<string, string>
        {
            ["Input.CandidateName"] = "Chen Candidate",
            ["Input.CandidateEmail"] = "chen@example.org",
            ["Input.Role"] = "Data Scientist",
            ["Input.Date"] = date,
            ["Input.Time"] = time,
            ["Input.TimeZone"] = "Europe/Berlin",
            ["Input.DurationMinutes"] = "45",
            ["interviewer"] = coordinator.Id,
        }, await client.AntiforgeryTokenAsync("/interviews/new"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{problem} in Europe/Berlin because the clocks change", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Interviews.CountAsync()));
    }

    [Fact]
    public async Task PlanInterviewPage_WithUnknownTimeZone_SaysSoAndStoresNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.CreateStaffAsync("coordinator");
        var client = await app.SignedInClientAsync(coordinator);

        var response = await client.PostFormWithTokenAsync("/interviews/new", "plan-interview", new Dictionary<string, string>
        {
            ["Input.CandidateName"] = "Chen Candidate",
            ["Input.CandidateEmail"] = "chen@example.org",
            ["Input.Role"] = "Data Scientist",
            ["Input.Date"] = app.Time.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd"),
            ["Input.Time"] = "09:30",
            ["Input.TimeZone"] = "Mars/Olympus",
            ["Input.DurationMinutes"] = "45",
            ["interviewer"] = coordinator.Id,
        }, await client.AntiforgeryTokenAsync("/interviews/new"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Time zone &#x27;Mars/Olympus&#x27; is not known", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Interviews.CountAsync()));
    }
}
