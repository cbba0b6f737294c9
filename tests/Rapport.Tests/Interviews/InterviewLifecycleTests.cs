using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using MimeKit;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Interviews;

/// <summary>
/// Candidates found by email and loops reused for their role; a planned interview moved, given a
/// new panel or cancelled, each change audited and the people it concerns told through a real
/// SMTP server, with calendar updates that replace the entry they have.
/// </summary>
public sealed class InterviewLifecycleTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Planning_FindsTheCandidateByEmailWhateverItsCase_AndReusesTheirOpenLoopForTheRole(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var first = world.InterviewA.Interview;

        var onsite = await PlanAsync(coordinator, InterviewWorld.Request(app, "Alice C.", "ALICE@Example.ORG", world.InterviewerOnB) with { PreferredName = "Ally", Pronouns = "she/her" });
        var otherRole = await PlanAsync(coordinator, InterviewWorld.Request(app, "Alice Candidate", "alice@example.org", world.InterviewerOnA) with { Role = "Data Scientist" });
        var byLoop = await PlanAsync(coordinator, new CreateInterviewRequest(null, null, null, app.Time.GetUtcNow().AddDays(5), 45, [world.InterviewerOnA.Id], LoopId: otherRole.LoopId));

        Assert.Equal(first.CandidateId, onsite.CandidateId);
        Assert.Equal(first.LoopId, onsite.LoopId);
        // What they asked to be called is used from now on, for every interview of theirs; the email stays as first given.
        Assert.Equal("Ally", onsite.CandidateName);
        Assert.Equal("she/her", onsite.Pronouns);
        Assert.Equal("alice@example.org", onsite.CandidateEmail);
        Assert.Equal("Ally", (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{first.Id}"))!.CandidateName);
        Assert.Equal(first.CandidateId, otherRole.CandidateId);
        Assert.NotEqual(first.LoopId, otherRole.LoopId);
        Assert.Equal("Data Scientist", otherRole.Role);
        Assert.Equal(otherRole.LoopId, byLoop.LoopId);
        Assert.Equal("Data Scientist", byLoop.Role);
        Assert.Equal("Ally", byLoop.CandidateName);
        // Bruno is someone else.
        Assert.NotEqual(first.CandidateId, world.InterviewB.Interview.CandidateId);
    }

    [Theory]
    [InlineData("{\"candidateName\":\"Eve\",\"candidateEmail\":\"eve@example.org\",\"role\":\"SRE\",\"durationMinutes\":60,\"interviewerIds\":[\"ID\"],\"scheduledAt\":\"WHEN\",\"loopId\":\"00000000-0000-0000-0000-000000000001\"}", "loopId")]
    [InlineData("{\"candidateName\":\"Eve\",\"candidateEmail\":\"eve@example.org\",\"role\":\"SRE\",\"durationMinutes\":60,\"interviewerIds\":[\"ID\"],\"scheduledAt\":\"WHEN\",\"pronouns\":\"she\u202Eher\"}", "pronouns")]
    [InlineData("{\"candidateName\":\"Eve\",\"candidateEmail\":\"eve@example.org\",\"role\":\"SRE\",\"durationMinutes\":60,\"interviewerIds\":[\"ID\"],\"scheduledAt\":\"WHEN\",\"preferredName\":\"Eve\\u0000\"}", "preferredName")]
    [InlineData("{\"candidateName\":\"Eve\",\"candidateEmail\":\"eve@example.org\",\"role\":\"SRE\",\"durationMinutes\":60,\"interviewerIds\":[\"ID\"],\"scheduledAt\":\"WHEN\",\"debriefLeadId\":\"nobody\"}", "debriefLeadId")]
    public async Task Planning_WithABadCandidateOrLoopField_NamesItAndStoresNothing(string body, string field)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var json = body.Replace("ID", world.InterviewerOnA.Id, StringComparison.Ordinal).Replace("WHEN", app.Time.GetUtcNow().AddDays(1).ToString("O"), StringComparison.Ordinal);

        var response = await coordinator.PostAsync("/api/interviews", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains(problem.Errors.Keys, k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, (await coordinator.GetFromJsonAsync<List<InterviewResponse>>("/api/interviews"))!.Count);
    }

    [Fact]
    public async Task Rescheduling_SendsEveryoneACalendarUpdateForTheSameEntry_AndTheCandidateANewLink()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var id = world.InterviewA.Interview.Id;
        await smtp.MessagesAsync(4);
        var newTime = new DateTimeOffset(app.Time.GetUtcNow().AddDays(9).UtcDateTime.Date.AddHours(14).AddMinutes(30), TimeSpan.Zero);

        var response = await coordinator.PutAsJsonAsync($"/api/interviews/{id}/schedule", new RescheduleRequest(newTime, 45));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = (await response.Content.ReadFromJsonAsync<InterviewResponse>())!;
        Assert.Equal(newTime, moved.ScheduledAt);
        Assert.Equal(45, moved.DurationMinutes);
        var messages = (await smtp.MessagesAsync(6)).Where(m => m.Subject!.Contains("moved", StringComparison.OrdinalIgnoreCase) || TextOf(m).Contains("has moved", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, messages.Count);
        var candidate = messages.Single(m => m.To.Mailboxes.Single().Address == "alice@example.org");
        var calendar = CalendarOf(candidate);
        Assert.Contains($"UID:{id}@rapport", calendar, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", calendar, StringComparison.Ordinal);
        Assert.Contains($"DTSTART:{newTime.UtcDateTime:yyyyMMdd'T'HHmmss}Z", calendar, StringComparison.Ordinal);
        Assert.Contains($"DTEND:{newTime.AddMinutes(45).UtcDateTime:yyyyMMdd'T'HHmmss}Z", calendar, StringComparison.Ordinal);
        Assert.Contains("We are sorry for the change.", TextOf(candidate), StringComparison.Ordinal);

        // The old link is replaced; the new one, in the message, opens the interview at its new time.
        var newLink = System.Text.RegularExpressions.Regex.Match(TextOf(candidate), @"https?://\S+/c/(\S+)").Groups[1].Value;
        Assert.NotEqual(world.TokenA, newLink);
        Assert.Equal(HttpStatusCode.Unauthorized, (await InterviewWorld.CandidateClient(app, world.TokenA).GetAsync("/api/candidate/interview")).StatusCode);
        var seen = await InterviewWorld.CandidateClient(app, newLink).GetFromJsonAsync<CandidateInterviewResponse>("/api/candidate/interview");
        Assert.Equal(newTime, seen!.ScheduledAt);
        var panelist = messages.Single(m => m.To.Mailboxes.Single().Address == world.InterviewerOnA.Email);
        Assert.Contains("SEQUENCE:1", CalendarOf(panelist), StringComparison.Ordinal);
        Assert.DoesNotContain(newLink, TextOf(panelist) + panelist.HtmlBody + CalendarOf(panelist), StringComparison.Ordinal);

        var changes = (await coordinator.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{id}/changes"))!;
        Assert.Equal("rescheduled", changes[^1].Kind);
        Assert.Contains($"to {newTime.UtcDateTime:yyyy-MM-dd HH:mm} UTC (45 minutes)", changes[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingThePanel_InvitesWhoIsAdded_RemovesTheEntryOfWhoIsNot_AndTheirAccessGoes()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var id = world.InterviewA.Interview.Id;
        await smtp.MessagesAsync(4);

        var response = await coordinator.PutAsJsonAsync($"/api/interviews/{id}/panel", new PanelRequest([world.InterviewerOnB.Id]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bob Interviewer"], (await response.Content.ReadFromJsonAsync<InterviewResponse>())!.Interviewers.Select(i => i.DisplayName));
        var messages = (await smtp.MessagesAsync(6)).Skip(0).ToList();
        var removed = messages.Single(m => m.To.Mailboxes.Single().Address == world.InterviewerOnA.Email && m.Subject!.StartsWith("Removed from the panel", StringComparison.Ordinal));
        Assert.Contains("METHOD:CANCEL", CalendarOf(removed), StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", CalendarOf(removed), StringComparison.Ordinal);
        Assert.Contains($"UID:{id}@rapport", CalendarOf(removed), StringComparison.Ordinal);
        var added = messages.Where(m => m.To.Mailboxes.Single().Address == world.InterviewerOnB.Email).ToList();
        Assert.Contains(added, m => CalendarOf(m).Contains($"UID:{id}@rapport", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.To.Mailboxes.Single().Address == "alice@example.org" && !m.Subject!.StartsWith("Your interview for", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInClientAsync(world.InterviewerOnA)).GetAsync($"/api/interviews/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(world.InterviewerOnB)).GetAsync($"/api/interviews/{id}")).StatusCode);
        var change = (await coordinator.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{id}/changes"))![^1];
        Assert.Equal("panel-changed", change.Kind);
        Assert.Equal("Panel changed: added Bob Interviewer; removed Ada Interviewer.", change.Detail);
    }

    [Fact]
    public async Task Cancelling_TellsTheCandidateKindly_RemovesEveryonesCalendarEntry_AndIsAuditedWithItsReason()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var id = world.InterviewA.Interview.Id;
        await smtp.MessagesAsync(4);

        var response = await coordinator.PostAsJsonAsync($"/api/interviews/{id}/cancel", new CancelRequest("  The hiring freeze 🧊 came early.  "));
        var retried = await coordinator.PostAsJsonAsync($"/api/interviews/{id}/cancel", new CancelRequest("again"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var messages = await smtp.MessagesAsync(6);
        var cancellations = messages.Where(m => CalendarOf(m).Contains("METHOD:CANCEL", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cancellations.Count);
        var candidate = cancellations.Single(m => m.To.Mailboxes.Single().Address == "alice@example.org");
        Assert.Contains("This says nothing about you or your application", TextOf(candidate), StringComparison.Ordinal);
        // The coordinator's reason is for the team, not the candidate.
        Assert.DoesNotContain("freeze", TextOf(candidate) + candidate.HtmlBody, StringComparison.Ordinal);
        Assert.All(cancellations, m => Assert.Contains("SEQUENCE:1", CalendarOf(m), StringComparison.Ordinal));
        var changes = (await coordinator.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{id}/changes"))!;
        var cancelled = Assert.Single(changes, c => c.Kind == "cancelled");
        Assert.Equal("Cancelled: The hiring freeze 🧊 came early.", cancelled.Detail);
        Assert.Equal(world.Coordinator.DisplayName, cancelled.By);
        // Nothing more went out for the retry.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(6, (await smtp.MessagesAsync()).Count);
    }

    [Fact]
    public async Task ChangesThatDoNotFit_AreRefusedNamingTheFieldOrTheState_AndChangeNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var id = world.InterviewA.Interview.Id;
        var at = world.InterviewA.Interview.ScheduledAt;

        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/schedule", new RescheduleRequest(app.Time.GetUtcNow().AddHours(-1))), HttpStatusCode.BadRequest, "scheduledAt");
        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/schedule", new RescheduleRequest(null)), HttpStatusCode.BadRequest, "scheduledAt");
        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/schedule", new RescheduleRequest(at)), HttpStatusCode.BadRequest, "scheduledAt");
        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/schedule", new RescheduleRequest(at.AddDays(1), 5000)), HttpStatusCode.BadRequest, "durationMinutes");
        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/panel", new PanelRequest([])), HttpStatusCode.BadRequest, "interviewerIds");
        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/panel", new PanelRequest(["no-such-person"])), HttpStatusCode.BadRequest, "interviewerIds");
        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/panel", new PanelRequest([world.InterviewerOnA.Id])), HttpStatusCode.BadRequest, "interviewerIds");
        await AssertProblemAsync(await coordinator.PostAsJsonAsync($"/api/interviews/{id}/cancel", new CancelRequest(new string('x', InterviewLifecycle.MaxReasonLength + 1))), HttpStatusCode.BadRequest, "reason");
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PutAsJsonAsync($"/api/interviews/{Guid.NewGuid()}/schedule", new RescheduleRequest(at.AddDays(1)))).StatusCode);

        // Once the panel opens the room, the interview is in progress: no more moving, re-paneling or cancelling.
        await using (var room = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA)))
        {
            await room.Hub.InvokeCoreAsync("JoinAsInterviewer", typeof(object), [id]);
        }

        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/schedule", new RescheduleRequest(at.AddDays(1))), HttpStatusCode.Conflict, "in progress");
        await AssertProblemAsync(await coordinator.PutAsJsonAsync($"/api/interviews/{id}/panel", new PanelRequest([world.InterviewerOnB.Id])), HttpStatusCode.Conflict, "in progress");
        await AssertProblemAsync(await coordinator.PostAsJsonAsync($"/api/interviews/{id}/cancel", new CancelRequest(null)), HttpStatusCode.Conflict, "in progress");

        var now = (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{id}"))!;
        Assert.Equal(at, now.ScheduledAt);
        Assert.Equal(["Ada Interviewer"], now.Interviewers.Select(i => i.DisplayName));
        Assert.Equal("in-progress", now.Status);
        Assert.Equal(["planned", "started"], (await coordinator.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{id}/changes"))!.Select(c => c.Kind));
    }

    private static async Task<InterviewResponse> PlanAsync(HttpClient coordinator, CreateInterviewRequest request)
    {
        var response = await coordinator.PostAsJsonAsync("/api/interviews", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!.Interview;
    }

    /// <summary>A problem response: a field's error for a 400, the title saying why for a 409.</summary>
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string fieldOrWords)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        if (status == HttpStatusCode.BadRequest)
        {
            var problem = System.Text.Json.JsonSerializer.Deserialize<ValidationProblemDetails>(body, System.Text.Json.JsonSerializerOptions.Web)!;
            Assert.True(problem.Errors.ContainsKey(fieldOrWords), body);
        }
        else
        {
            Assert.Contains(fieldOrWords, body, StringComparison.Ordinal);
        }
    }

    private static string TextOf(MimeMessage message) => message.TextBody ?? "";

    private static string CalendarOf(MimeMessage message) =>
        message.Attachments.OfType<MimePart>().SingleOrDefault(a => a.FileName == "invite.ics") is { Content: { } content }
            ? new StreamReader(content.Open()).ReadToEnd()
            : "";
}
