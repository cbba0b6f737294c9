using System.Net;
using System.Text.RegularExpressions;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Survey;

public sealed partial class SurveyResultsTests
{
    private const string NotYet = "Fewer than 5 survey responses are ready to show so far.";

    [Fact]
    public async Task FourResponses_ShowNoFiguresAnywhere_FiveDo_AndTheFreeTextOnlyToAdmins()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinatorClient = await app.SignedInClientAsync(world.Coordinator);
        var tokens = new List<string> { world.TokenA };
        for (var i = 1; i <= 3; i++)
        {
            tokens.Add(InterviewWorld.TokenOf((await InterviewWorld.PlanFromKitAsync(coordinatorClient, app, $"Candidate {i}", $"candidate{i}@example.org", world.InterviewerOnA)).CandidateLink.Url));
        }

        SurveySteps.EndInterviews(app);
        // Answered in this order; the overall answers 1 to 4, the markers out of alphabetical order.
        string[] markers = ["SURVEY-MARKER-delta", "SURVEY-MARKER-alpha", "SURVEY-MARKER-charlie", "SURVEY-MARKER-bravo"];
        for (var i = 0; i < 4; i++)
        {
            await SurveySteps.AnswerExpectingAsync(app, tokens[i], new() { ["overall"] = $"{i + 1}", ["treatedWithRespect"] = "5", ["hintsHelped"] = i == 0 ? "3" : "none", ["comment"] = markers[i] }, HttpStatusCode.OK);
        }

        app.Time.Advance(TimeSpan.FromDays(7));
        await AssertNoFiguresAsync(app, world);

        // A fifth interview for the same interviewer, answered: nothing shows while its week lasts…
        coordinatorClient = await app.SignedInClientAsync(world.Coordinator);
        var fifth = InterviewWorld.TokenOf((await InterviewWorld.PlanFromKitAsync(coordinatorClient, app, "Candidate Five", "five@example.org", world.InterviewerOnA)).CandidateLink.Url);
        SurveySteps.EndInterviews(app);
        await SurveySteps.AnswerExpectingAsync(app, fifth, new() { ["overall"] = "5", ["treatedWithRespect"] = "5", ["hintsHelped"] = "none", ["comment"] = "SURVEY-MARKER-echo" }, HttpStatusCode.OK);
        await AssertNoFiguresAsync(app, world);

        // …and once it has ended, the five show together, as figures.
        app.Time.Advance(TimeSpan.FromDays(7));
        var own = await PageAsync(await app.SignedInClientAsync(world.InterviewerOnA), "/insights/me");
        coordinatorClient = await app.SignedInClientAsync(world.Coordinator);
        var coordinator = await PageAsync(coordinatorClient, "/insights/survey");
        var admin = await PageAsync(await app.SignedInClientAsync(world.Admin), "/insights/survey");
        var other = await PageAsync(await app.SignedInClientAsync(world.InterviewerOnB), "/insights/me");

        foreach (var page in new[] { own, coordinator, admin })
        {
            Assert.DoesNotContain(NotYet, page, StringComparison.Ordinal);
            Assert.Matches(Row("Overall", "3.00", 1, 1, 1, 1, 1), page);
            Assert.Matches(Row("Treated with respect", "5.00", 0, 0, 0, 0, 5), page);
            // Only one candidate rated the hints: that question keeps its figures back.
            Assert.Matches(@"Hints helped</th>\s*<td colspan=""6"" class=""muted"">fewer than 5 answers to this question</td>\s*<td>4</td>", page);
        }

        Assert.Contains(NotYet, other, StringComparison.Ordinal);
        // The free text: for admins only, in the order of its text rather than the order it came in.
        var shown = MarkerPattern().Matches(admin).Select(m => m.Value).ToList();
        Assert.Equal(["SURVEY-MARKER-alpha", "SURVEY-MARKER-bravo", "SURVEY-MARKER-charlie", "SURVEY-MARKER-delta", "SURVEY-MARKER-echo"], shown);
        await AssertNoMarkerOutsideTheAdminPageAsync(app, world, [.. tokens, fifth]);
    }

    private static async Task AssertNoFiguresAsync(RapportTestApp app, InterviewWorld world)
    {
        foreach (var (member, path) in new[] { (world.InterviewerOnA, "/insights/me"), (world.Coordinator, "/insights/survey"), (world.Admin, "/insights/survey") })
        {
            var page = await PageAsync(await app.SignedInClientAsync(member), path);
            Assert.Contains(NotYet, page, StringComparison.Ordinal);
            Assert.DoesNotContain("Mean (1–5)", page, StringComparison.Ordinal);
            Assert.DoesNotContain("SURVEY-MARKER", page, StringComparison.Ordinal);
        }
    }

    private static async Task AssertNoMarkerOutsideTheAdminPageAsync(RapportTestApp app, InterviewWorld world, List<string> tokens)
    {
        var id = world.InterviewA.Interview.Id;
        string[] staffPaths = ["/", "/insights", "/insights/me", "/insights/survey", $"/interviews/{id}", "/api/interviews", $"/api/interviews/{id}", "/mail", "/api/mail"];
        foreach (var member in new[] { world.InterviewerOnA, world.InterviewerOnB, world.Coordinator })
        {
            var client = await app.SignedInClientAsync(member);
            foreach (var path in staffPaths)
            {
                var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
                Assert.False(body.Contains("SURVEY-MARKER", StringComparison.Ordinal), $"{member.Role} {member.DisplayName} read a survey comment on {path}");
            }
        }

        foreach (var token in tokens)
        {
            var candidate = InterviewWorld.CandidateClient(app, token);
            foreach (var path in new[] { $"/c/{token}", $"/c/{token}/survey", "/api/candidate/survey", "/api/candidate/interview" })
            {
                var body = await (await candidate.GetAsync(path)).Content.ReadAsStringAsync();
                Assert.False(body.Contains("SURVEY-MARKER", StringComparison.Ordinal), $"a candidate read a survey comment on {path}");
            }
        }
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static string Row(string question, string mean, params int[] counts) =>
        $@"{Regex.Escape(question)}</th>\s*<td>{Regex.Escape(mean)}</td>\s*{string.Join(@"\s*", counts.Select(c => $"<td>{c}</td>"))}";

    [GeneratedRegex("SURVEY-MARKER-[a-z]+")]
    private static partial Regex MarkerPattern();
}
