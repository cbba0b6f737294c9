using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Candidates;

/// <summary>
/// The coordinator's pages: the candidate list and search, a candidate with their loops, a loop with
/// its debrief lead, and an interview moved, re-panelled and cancelled through its page's real forms.
/// </summary>
public sealed class CandidatePagesTests
{
    [Fact]
    public async Task CandidatesPage_SearchesByEmailWhateverItsAsciiCase_AndLinksEachLoop()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var all = await PageAsync(coordinator, "/candidates");
        var found = await PageAsync(coordinator, "/candidates?query=ALICE%40EXAMPLE.ORG");
        var tooLong = await coordinator.GetAsync($"/candidates?query={new string('x', CandidateQueries.MaxQueryLength + 1)}");
        var noSuchPage = await coordinator.GetAsync("/candidates?page=abc");

        Assert.Contains("Bruno Candidate", all, StringComparison.Ordinal);
        Assert.Contains("href=\"/candidates\"", all, StringComparison.Ordinal);
        Assert.Contains("Alice Candidate", found, StringComparison.Ordinal);
        Assert.DoesNotContain("Bruno Candidate", found, StringComparison.Ordinal);
        Assert.Contains($"href=\"/loops/{world.InterviewA.Interview.LoopId}\"", found, StringComparison.Ordinal);
        Assert.Contains($"href=\"/candidates/{world.InterviewA.Interview.CandidateId}\"", found, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("the limit is 200", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noSuchPage.StatusCode);
        Assert.Contains("pages start at 1", WebUtility.HtmlDecode(await noSuchPage.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // Interviewers have no candidate list, and no link to one.
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);
        Assert.DoesNotContain("href=\"/candidates\"", await PageAsync(interviewer, "/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CandidatePage_ShowsTheirLoops_AndTheFormSetsHowTheyAreAddressed_RefusingDirectionMarks()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var a = world.InterviewA.Interview;
        var path = $"/candidates/{a.CandidateId}";

        var page = await PageAsync(coordinator, path);
        Assert.Contains($"href=\"/loops/{a.LoopId}\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/interviews/{a.Id}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Bruno", page, StringComparison.Ordinal);

        var refused = await coordinator.PostFormAsync(path, "edit-candidate", new() { ["Input.PreferredName"] = "Ally", ["Input.Pronouns"] = "she\u2066/her" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Pronouns contains a text-direction control character (U+2066", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("Alice Candidate", (await coordinator.GetFromJsonAsync<CandidateResponse>($"/api/candidates/{a.CandidateId}"))!.AddressedAs);

        var saved = await coordinator.PostFormAsync(path, "edit-candidate", new() { ["Input.PreferredName"] = "Ally", ["Input.Pronouns"] = "she/her" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{path}?saved=true", saved.Headers.Location!.PathAndQuery);

        // Wherever the candidate is addressed: their page, the loop, the interview, the panel's list.
        var candidatePage = await PageAsync(coordinator, path);
        Assert.Contains("<h1>Ally", candidatePage, StringComparison.Ordinal);
        Assert.Contains("<span class=\"muted\">(she/her)</span>", candidatePage, StringComparison.Ordinal);
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);
        var interviewPage = await PageAsync(interviewer, $"/interviews/{a.Id}");
        Assert.Contains("<h1>Ally</h1>", interviewPage, StringComparison.Ordinal);
        Assert.Contains("(she/her)", interviewPage, StringComparison.Ordinal);
        Assert.Contains("Ally", await PageAsync(interviewer, $"/loops/{a.LoopId}"), StringComparison.Ordinal);
        Assert.Contains(">Ally</a>", await PageAsync(interviewer, "/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopPage_ShowsItsInterviewsAndLead_ToThePanel_AndCoordinatorsHandTheDebriefOn()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);
        var a = world.InterviewA.Interview;
        var path = $"/loops/{a.LoopId}";

        var asPanel = await PageAsync(interviewer, path);
        Assert.Contains($"href=\"/interviews/{a.Id}\"", asPanel, StringComparison.Ordinal);
        Assert.Contains(world.Coordinator.DisplayName, asPanel, StringComparison.Ordinal);
        Assert.Contains("Ada Interviewer", asPanel, StringComparison.Ordinal);
        Assert.DoesNotContain("change-lead", asPanel, StringComparison.Ordinal);
        Assert.DoesNotContain("/interviews/new?loop=", asPanel, StringComparison.Ordinal);
        Assert.Contains($"href=\"/interviews/new?loop={a.LoopId}\"", await PageAsync(coordinator, path), StringComparison.Ordinal);

        var refused = await coordinator.PostFormAsync(path, "change-lead", new() { ["debriefLeadId"] = "nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("No staff account has the id nobody", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var handed = await coordinator.PostFormAsync(path, "change-lead", new() { ["debriefLeadId"] = world.InterviewerOnA.Id });
        Assert.Equal(HttpStatusCode.Redirect, handed.StatusCode);
        var after = await PageAsync(interviewer, path);
        Assert.Contains("<dd id=\"debrief-lead\">Ada Interviewer</dd>", after, StringComparison.Ordinal);
        Assert.Contains($"changed from {world.Coordinator.DisplayName} to Ada Interviewer", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterviewPage_MovesRePanelsAndCancels_ThroughItsForms_WithEachChangeInItsHistory()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var a = world.InterviewA.Interview;
        var path = $"/interviews/{a.Id}";
        var newDay = app.Time.GetUtcNow().AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var past = await coordinator.PostFormAsync(path, "reschedule", new() { ["date"] = app.Time.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["time"] = "10:00", ["timeZone"] = "UTC", ["durationMinutes"] = "60" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("<div class=\"validation-message\" id=\"scheduledAt-problem\">Start time must be in the future.</div>", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var moved = await coordinator.PostFormAsync(path, "reschedule", new() { ["date"] = newDay, ["time"] = "09:30", ["timeZone"] = "Asia/Tokyo", ["durationMinutes"] = "45" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal($"{path}?changed=rescheduled", moved.Headers.Location!.PathAndQuery);
        var afterMove = (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{a.Id}"))!;
        // 09:30 in Tokyo is 00:30 UTC the same day.
        Assert.Equal(new TimeSpan(0, 30, 0), afterMove.ScheduledAt.UtcDateTime.TimeOfDay);
        Assert.Equal(45, afterMove.DurationMinutes);

        var empty = await coordinator.PostFormAsync(path, "panel", []);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("id=\"interviewerIds-problem\">Choose between 1 and", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var panel = await coordinator.PostFormAsync(path, "panel", new() { ["interviewer"] = world.InterviewerOnB.Id });
        Assert.Equal(HttpStatusCode.Redirect, panel.StatusCode);
        Assert.Equal([world.InterviewerOnB.Id], (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{a.Id}"))!.Interviewers.Select(i => i.Id));

        var tooLong = await coordinator.PostFormAsync(path, "cancel", new() { ["reason"] = new string('r', InterviewLifecycle.MaxReasonLength + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("id=\"reason-problem\">The reason is 1001 characters long", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var cancelled = await coordinator.PostFormAsync(path, "cancel", new() { ["reason"] = "The role was filled." });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);

        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"{path}?changed=cancelled"));
        Assert.Contains("The interview was cancelled.", page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"cancelled\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"_handler\" value=\"reschedule\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Move the interview", page, StringComparison.Ordinal);
        var history = page[page.IndexOf("id=\"interview-history\"", StringComparison.Ordinal)..];
        // Oldest first, each with who made it.
        var kinds = System.Text.RegularExpressions.Regex.Matches(history, "data-kind=\"([a-z-]+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(["planned", "rescheduled", "panel-changed", "cancelled"], kinds);
        Assert.Contains($"{world.Coordinator.DisplayName}: Cancelled: The role was filled.", history, StringComparison.Ordinal);
        Assert.Contains("Panel changed: added Bob Interviewer; removed Ada Interviewer.", history, StringComparison.Ordinal);
        // The new panel sees the history too; the old one no longer sees the interview.
        Assert.Contains("Cancelled: The role was filled.", WebUtility.HtmlDecode(await (await app.SignedInClientAsync(world.InterviewerOnB)).GetStringAsync(path)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInClientAsync(world.InterviewerOnA)).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task InterviewPage_LinksItsLoopAndCandidate_AndShowsPlanningFormsOnlyToCoordinators()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var a = world.InterviewA.Interview;
        var path = $"/interviews/{a.Id}";

        var asCoordinator = await PageAsync(await app.SignedInClientAsync(world.Coordinator), path);
        var asPanel = await PageAsync(await app.SignedInClientAsync(world.InterviewerOnA), path);

        Assert.Contains($"href=\"/loops/{a.LoopId}\"", asCoordinator, StringComparison.Ordinal);
        Assert.Contains($"href=\"/candidates/{a.CandidateId}\"", asCoordinator, StringComparison.Ordinal);
        Assert.Contains("Move the interview", asCoordinator, StringComparison.Ordinal);
        Assert.Contains("data-status=\"planned\"", asPanel, StringComparison.Ordinal);
        Assert.Contains($"href=\"/loops/{a.LoopId}\"", asPanel, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/candidates/{a.CandidateId}\"", asPanel, StringComparison.Ordinal);
        Assert.DoesNotContain("Move the interview", asPanel, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"planned\"", asPanel, StringComparison.Ordinal);
    }

    private static async Task<string> PageAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));
}
