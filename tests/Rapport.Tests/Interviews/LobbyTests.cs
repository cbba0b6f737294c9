using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Interviews;

public sealed class LobbyTests
{
    [Fact]
    public async Task CandidatePage_ShowsTheKitsAgendaAndLanguages()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);

        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/c/{world.TokenA}"));

        Assert.Contains("<li><strong>Introductions</strong> · 5 minutes</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li><strong>Main Problem</strong> · 20 minutes</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li><strong>Candidate Questions</strong> · 10 minutes</li>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Languages you may use</dt><dd>Python</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Make the page comfortable", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtraTime_StretchesTheAgendaEverywhere_AndTheInterviewerSeesNothingElseAboutIt()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PutAsJsonAsync($"/api/interviews/{id}/accommodation", new AccommodationRequest(50));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var candidate = await InterviewWorld.CandidateClient(app, world.TokenA).GetFromJsonAsync<CandidateInterviewResponse>("/api/candidate/interview");
        Assert.Equal([8, 30, 15], candidate!.Agenda.Select(s => s.Minutes));
        Assert.Equal(90, candidate.DurationMinutes);
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        var view = await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        Assert.Equal([8, 30, 15], view.Agenda.Select(s => s.Minutes));
        Assert.DoesNotContain("extra", interviewer.Received, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("accommodation", interviewer.Received, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Accommodations", await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync($"/interviews/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraTime_SectionsAddUpToHowLong_ForEveryPercentage()
    {
        // The walk's case: a 45-minute kit of 5, 25, 10 and 5 with 25 % extra was shown as 59 minutes of sections in a 57-minute interview.
        Assert.Equal([7, 31, 12, 7], new Interview { CreatedById = "coordinator", ExtraTimePercent = 25 }.StretchedSections([5, 25, 10, 5]));

        int[][] agendas = [[5, 25, 10, 5], [5, 20, 10], [1, 1, 1, 1, 1, 1, 1], [7, 13, 29, 11], [60], [3, 0, 4]];
        for (var percent = 0; percent <= Interview.MaxExtraTimePercent; percent++)
        {
            var interview = new Interview { CreatedById = "coordinator", ExtraTimePercent = percent };
            foreach (var agenda in agendas)
            {
                var stretched = interview.StretchedSections(agenda);
                var whole = (agenda.Sum() * (100 + percent) + 99) / 100;
                Assert.Equal(whole, stretched.Sum());
                // No section loses a whole minute of what it was given, and none gains more than a minute over its share.
                Assert.All(agenda.Zip(stretched), pair => Assert.InRange(pair.Second * 100, pair.First * (100 + percent) - 99, pair.First * (100 + percent) + 100));
            }
        }
    }

    [Fact]
    public async Task ExtraTime_OutOfRange_NamesTheField()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PutAsJsonAsync($"/api/interviews/{world.InterviewA.Interview.Id}/accommodation", new AccommodationRequest(150));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("extraTimePercent", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtraTime_KeepsTheLinkWorkingUntilTheLaterEnd()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var interview = world.InterviewA.Interview;
        await (await app.SignedInClientAsync(world.Coordinator)).PutAsJsonAsync($"/api/interviews/{interview.Id}/accommodation", new AccommodationRequest(100));

        // Planned for 60 minutes; with 100% extra the interview ends 120 minutes after its start.
        app.Time.SetUtcNow(interview.ScheduledAt.AddMinutes(119) + TimeSpan.FromDays(7));

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/c/{world.TokenA}")).StatusCode);
    }

    [Fact]
    public async Task DisplaySettings_LastForTheSessionAndApplyToEveryPage()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var browser = app.CreateClient();

        var saved = await browser.PostFormAsync("/preferences/display", null, new()
        {
            ["textSize"] = "larger",
            ["contrast"] = "high",
            ["motion"] = "reduced",
            ["returnUrl"] = $"/c/{world.TokenA}",
        }, tokenPage: $"/c/{world.TokenA}");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var cookie = Assert.Single(saved.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rapport.display=", StringComparison.Ordinal));
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);
        var html = await browser.GetStringAsync($"/c/{world.TokenA}");
        Assert.Contains("data-text-size=\"larger\" data-contrast=\"high\" data-motion=\"reduced\"", html, StringComparison.Ordinal);
    }
}
