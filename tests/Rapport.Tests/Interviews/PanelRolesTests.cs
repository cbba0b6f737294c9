using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Interviews;

/// <summary>
/// Planning a panel with shadows: each problem named by its field, and the candidate told who
/// shadows and why, in their brief (page and API) and their invitation, in the words the coordinator wrote.
/// </summary>
public sealed class PanelRolesTests
{
    private const string Reason = "Léa is learning how we interview — 学习中 👩‍💻";

    [Theory]
    [InlineData("shadows[0].interviewerId", "   ", "shadow", null)]
    [InlineData("shadows[0].interviewerId", "ada", "shadow", null)]                  // already an interviewer
    [InlineData("shadows[0].role", "sam", "interviewer", null)]
    [InlineData("shadows[0].role", "sam", "observer", null)]
    [InlineData("shadows[0].reason", "sam", "shadow", "two\nlines")]
    [InlineData("shadows[0].reason", "sam", "shadow", "\u0007bell")]
    public void APanelWithAProblem_IsRefused_WithTheFieldItIsAbout(string field, string id, string role, string? reason)
    {
        var (seats, problemField, problem) = PanelRoles.Compose(["ada"], [new ShadowRequest(id, role, reason)], 10);

        Assert.Null(seats);
        Assert.Equal(field, problemField);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Reasons_UpToTheLimit_AreKept_OneMoreCharacterIsNot_AndOnlyOneTraineeLeads()
    {
        var longest = new string('é', PanelRoles.MaxReasonLength);
        var (seats, _, _) = PanelRoles.Compose(["ada"], [new ShadowRequest("sam", "shadow", $"  {longest}  ")], 10);
        Assert.Equal(new PanelSeat("sam", PanelRole.Shadow, longest), seats![1]);
        Assert.Equal("shadows[0].reason", PanelRoles.Compose(["ada"], [new ShadowRequest("sam", "shadow", longest + "é")], 10).Field);

        var twoTrainees = PanelRoles.Compose(["ada"], [new ShadowRequest("tia", "reverse-shadow"), new ShadowRequest("tom", "reverse-shadow")], 10);
        Assert.Equal("shadows[1].role", twoTrainees.Field);
        Assert.Equal("shadows", PanelRoles.Compose(["a", "b"], [new ShadowRequest("c", "shadow")], 2).Field);
        Assert.Equal("interviewerIds", PanelRoles.Compose([], [new ShadowRequest("c", "reverse-shadow")], 10).Field);
    }

    [Fact]
    public async Task PlannedWithAShadow_TheCandidateIsToldWhoAndWhy_InTheBriefThePageAndTheInvitation_AndTheShadowWhatTheyMayDo()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        var lea = await app.CreateStaffAsync(StaffRoles.Interviewer, "Léa Shadow");
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        await smtp.MessagesAsync(4);

        var response = await coordinator.PostAsJsonAsync("/api/interviews", InterviewWorld.Request(app, "Chloé Candidate", "chloe@example.org", world.InterviewerOnA) with
        {
            KitId = "screen",
            Shadows = [new ShadowRequest(lea.Id, "shadow", Reason + ".")],
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var planned = (await response.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!;
        var sentence = $"Léa Shadow will watch and take no part: {Reason}.";

        Assert.Equal(
            [new InterviewerResponse(world.InterviewerOnA.Id, "Ada Interviewer"), new InterviewerResponse(lea.Id, "Léa Shadow", "shadow", Reason + ".")],
            planned.Interview.Interviewers.OrderBy(i => i.Role, StringComparer.Ordinal));
        var token = InterviewWorld.TokenOf(planned.CandidateLink.Url);
        var brief = await InterviewWorld.CandidateClient(app, token).GetFromJsonAsync<CandidateInterviewResponse>("/api/candidate/interview");
        Assert.Equal([sentence], brief!.Shadowing);
        var page = await (await InterviewWorld.CandidateClient(app, token).GetAsync($"/c/{token}")).Content.ReadAsStringAsync();
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(sentence), page, StringComparison.Ordinal);

        // The four of the two interviews planned before, and this one's three: the candidate, the interviewer, the shadow.
        var messages = await smtp.MessagesAsync(7);
        var toCandidate = messages.Single(m => m.To.Mailboxes.Single().Address == "chloe@example.org");
        Assert.Contains(sentence, toCandidate.TextBody, StringComparison.Ordinal);
        var toShadow = messages.Single(m => m.To.Mailboxes.Single().Address == lea.Email);
        Assert.Contains("You are shadowing: you join the room to watch", toShadow.TextBody, StringComparison.Ordinal);
        var toInterviewer = messages.Single(m => m.To.Mailboxes.Single().Address == world.InterviewerOnA.Email && (m.Subject ?? "").Contains("Chloé", StringComparison.Ordinal));
        Assert.DoesNotContain("You are shadowing", toInterviewer.TextBody, StringComparison.Ordinal);
        Assert.Contains(sentence, toInterviewer.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePanelForm_SetsAReverseShadow_AndAProblemNamesThePerson_AndLosesNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var tia = await app.CreateStaffAsync(StaffRoles.Interviewer, "Tia Trainee");
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var id = world.InterviewA.Interview.Id;
        var path = $"/interviews/{id}";

        var refused = await coordinator.PostFormWithTokenAsync(path, "panel", Panel(world.InterviewerOnA.Id, tia.Id, new string('x', PanelRoles.MaxReasonLength + 1)), await coordinator.AntiforgeryTokenAsync(path));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Tia Trainee: Say why in one line", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unchanged = await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{id}");
        Assert.Equal([world.InterviewerOnA.Id], unchanged!.Interviewers.Select(i => i.Id));

        // Markup in a reason is text, on the staff page as on the candidate's.
        var markup = await coordinator.PostFormWithTokenAsync(path, "panel", Panel(world.InterviewerOnA.Id, tia.Id, "<img src=x onerror=alert(1)>"), await coordinator.AntiforgeryTokenAsync(path));
        Assert.True(markup.IsSuccessStatusCode || markup.StatusCode == HttpStatusCode.Redirect, markup.StatusCode.ToString());
        var escaped = await (await coordinator.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<img src=x", escaped, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", escaped, StringComparison.Ordinal);
        var candidatePage = await InterviewWorld.CandidateClient(app, world.TokenA).GetStringAsync($"/c/{world.TokenA}");
        Assert.Contains("Tia Trainee leads this interview: &lt;img src=x onerror=alert(1)&gt;.", candidatePage, StringComparison.Ordinal);

        var saved = await coordinator.PostFormWithTokenAsync(path, "panel", Panel(world.InterviewerOnA.Id, tia.Id, "in her first month of interviewing"), await coordinator.AntiforgeryTokenAsync(path));
        Assert.True(saved.IsSuccessStatusCode || saved.StatusCode == HttpStatusCode.Redirect, saved.StatusCode.ToString());
        var after = await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{id}");
        Assert.Equal(new InterviewerResponse(tia.Id, "Tia Trainee", "reverse-shadow", "in her first month of interviewing"), after!.Interviewers.Single(i => i.Id == tia.Id));
        var details = await (await coordinator.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.Contains("Tia Trainee leads this interview: in her first month of interviewing. Ada Interviewer will watch and may step in.", details, StringComparison.Ordinal);
        var history = await coordinator.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{id}/changes");
        Assert.Contains(history!, c => c.Detail == "Panel changed: added Tia Trainee (reverse-shadow).");
        Assert.Contains(history!, c => c.Detail == "Panel changed: now Tia Trainee (reverse-shadow).");
    }

    /// <summary>The panel form as a browser sends it: both ticked, the trainee as reverse shadow with a reason.</summary>
    private static List<KeyValuePair<string, string>> Panel(string interviewer, string trainee, string reason) =>
    [
        new("interviewer", interviewer),
        new("interviewer", trainee),
        new($"role-{interviewer}", "interviewer"),
        new($"role-{trainee}", "reverse-shadow"),
        new($"reason-{trainee}", reason),
    ];
}
