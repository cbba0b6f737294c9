using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Survey;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Survey;

public sealed class SurveyAnsweringTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Fact]
    public async Task Survey_BeforeTheInterviewEnds_SaysWhenItOpens_AndTakesNoAnswers()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);

        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/c/{world.TokenA}/survey"));
        var home = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/c/{world.TokenA}"));
        var html = await SurveySteps.AnswerExpectingAsync(app, world.TokenA, new() { ["overall"] = "5" }, HttpStatusCode.Conflict);
        var api = await InterviewWorld.CandidateClient(app, world.TokenA).PostAsJsonAsync("/api/candidate/survey", new SurveyAnswers(null, null, null, false, null, 5, null));
        var state = await InterviewWorld.CandidateClient(app, world.TokenA).GetFromJsonAsync<SurveyStateResponse>("/api/candidate/survey");

        Assert.Contains("The survey opens when your interview ends", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Send my answers", page, StringComparison.Ordinal);
        Assert.Contains("you can tell us anonymously how it felt", home, StringComparison.Ordinal);
        Assert.DoesNotContain($"/c/{world.TokenA}/survey\"", home, StringComparison.Ordinal);
        Assert.Contains("The survey opens when your interview ends", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal(new SurveyStateResponse(false, world.InterviewA.Interview.ScheduledAt.AddMinutes(world.InterviewA.Interview.DurationMinutes), false), state);
        Assert.Equal((0, 0, 0), await SurveySteps.CountAsync(app));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Survey_Answered_StoresNothingThatLeadsToTheCandidateOrInterview_AndASecondAnswerChangesNothing(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        SurveySteps.EndInterviews(app);
        var home = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/c/{world.TokenA}"));
        Assert.Contains($"href=\"/c/{world.TokenA}/survey\"", home, StringComparison.Ordinal);

        var thanks = await SurveySteps.AnswerExpectingAsync(app, world.TokenA, new()
        {
            ["expectationsClear"] = "4",
            ["treatedWithRespect"] = "5",
            ["hintsHelped"] = "none",
            ["timeForQuestions"] = "2",
            ["overall"] = "4",
            ["comment"] = "  The room was friendly.\r\nMore time for questions, please.  ",
        }, HttpStatusCode.OK);

        Assert.Contains("Your answers are in", thanks, StringComparison.Ordinal);
        var linkId = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CandidateLinks.Where(l => l.InterviewId == world.InterviewA.Interview.Id).Select(l => l.Id).SingleAsync());
        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().SurveyResponses.Include(r => r.Interviewers).SingleAsync());
        Assert.Equal(4, stored.Id.Version);
        Assert.Equal((4, 5, (int?)null, true, 2, 4), (stored.ExpectationsClear, stored.TreatedWithRespect, stored.HintsHelped, stored.NoHintsGiven, stored.TimeForQuestions, stored.Overall));
        Assert.Equal("The room was friendly.\r\nMore time for questions, please.", stored.Comment);
        Assert.Equal(DayOfWeek.Monday, stored.Week.DayOfWeek);
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        Assert.InRange(today.DayNumber - stored.Week.DayNumber, 0, 6);
        Assert.Equal([world.InterviewerOnA.Id], stored.Interviewers.Select(i => i.InterviewerId));

        // The schema itself: exactly these columns, so a CreatedAt or an interview id added later fails here.
        var tables = await ReadTablesAsync(app, provider, "SurveyResponses", "SurveyResponseInterviewers", "SurveyReceipts");
        Assert.Equal(
            ["Comment", "ExpectationsClear", "HintsHelped", "Id", "NoHintsGiven", "Overall", "TimeForQuestions", "TreatedWithRespect", "Week"],
            tables["SurveyResponses"].Columns.Order(StringComparer.Ordinal));
        Assert.Equal(["InterviewerId", "ResponseId"], tables["SurveyResponseInterviewers"].Columns.Order(StringComparer.Ordinal));
        Assert.Equal(["InterviewId"], tables["SurveyReceipts"].Columns.Order(StringComparer.Ordinal));
        // The week is kept as its Monday, by design: an interview held on a Monday has that date, and
        // then it says no more than the week does. On any other day its date must not be stored.
        var scheduled = world.InterviewA.Interview.ScheduledAt;
        var identifying = new[]
        {
            world.InterviewA.Interview.Id.ToString(), linkId.ToString(), world.TokenA, "Alice", "alice@example.org",
            scheduled.DayOfWeek == DayOfWeek.Monday ? world.InterviewA.Interview.Id.ToString() : scheduled.ToString("yyyy-MM-dd"),
        };
        foreach (var table in new[] { "SurveyResponses", "SurveyResponseInterviewers" })
        {
            foreach (var value in tables[table].Values)
            {
                Assert.DoesNotContain(identifying, marker => value.Contains(marker, StringComparison.OrdinalIgnoreCase));
            }
        }

        Assert.Equal([world.InterviewA.Interview.Id.ToString()], tables["SurveyReceipts"].Values.Select(v => v.ToLowerInvariant()));
        if (provider == TestStorage.Sqlite)
        {
            // Written first into empty tables, the rows would be number 1: they were moved to random places.
            Assert.DoesNotContain(1L, await RowIdsAsync(app, "SurveyResponses"));
            Assert.DoesNotContain(1L, await RowIdsAsync(app, "SurveyReceipts"));
            Assert.DoesNotContain(1L, await RowIdsAsync(app, "SurveyResponseInterviewers"));
        }

        // Answering again, by page or by API, with other answers: refused, and nothing changes.
        var again = await SurveySteps.AnswerExpectingAsync(app, world.TokenA, new() { ["overall"] = "1", ["comment"] = "second thoughts" }, HttpStatusCode.Conflict);
        var api = await InterviewWorld.CandidateClient(app, world.TokenA).PostAsJsonAsync("/api/candidate/survey", new SurveyAnswers(1, 1, 1, false, 1, 1, "second thoughts"));
        Assert.Contains("already answered, so nothing changed", again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("already answered", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((1, 1, 1), await SurveySteps.CountAsync(app));
        Assert.Equal(4, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().SurveyResponses.Select(r => r.Overall).SingleAsync()));
        var state = await InterviewWorld.CandidateClient(app, world.TokenA).GetFromJsonAsync<SurveyStateResponse>("/api/candidate/survey");
        Assert.True(state!.Answered);
        // The other candidate's survey is their own, still open.
        var stateB = await InterviewWorld.CandidateClient(app, world.TokenB).GetFromJsonAsync<SurveyStateResponse>("/api/candidate/survey");
        Assert.Equal((true, false), (stateB!.Open, stateB.Answered));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TwoAnswersAtTheSameMoment_OnlyOneIsKept(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        SurveySteps.EndInterviews(app);
        var client = InterviewWorld.CandidateClient(app, world.TokenA);

        var answers = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => client.PostAsJsonAsync("/api/candidate/survey", new SurveyAnswers(null, null, null, false, null, i, null))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.NoContent), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal((1, 1, 1), await SurveySteps.CountAsync(app));
    }

    [Fact]
    public async Task WithdrawnOrExpiredLink_CannotAnswer()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        SurveySteps.EndInterviews(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"/api/interviews/{world.InterviewA.Interview.Id}/candidate-link")).StatusCode);

        var withdrawnPage = await app.CreateClient().GetAsync($"/c/{world.TokenA}/survey");
        var withdrawnPost = await SurveySteps.AnswerExpectingAsync(app, world.TokenA, new() { ["overall"] = "5" }, HttpStatusCode.Gone);
        var withdrawnApi = await InterviewWorld.CandidateClient(app, world.TokenA).PostAsJsonAsync("/api/candidate/survey", new SurveyAnswers(null, null, null, false, null, 5, null));
        app.Time.Advance(TimeSpan.FromDays(8));
        var expiredPost = await SurveySteps.AnswerExpectingAsync(app, world.TokenB, new() { ["overall"] = "5" }, HttpStatusCode.Gone);
        var expiredApi = await InterviewWorld.CandidateClient(app, world.TokenB).PostAsJsonAsync("/api/candidate/survey", new SurveyAnswers(null, null, null, false, null, 5, null));
        var unknown = await SurveySteps.AnswerAsync(app, new string('Q', Rapport.Features.Interviews.CandidateLinks.TokenLength), new() { ["overall"] = "5" });

        Assert.Equal(HttpStatusCode.Gone, withdrawnPage.StatusCode);
        Assert.Contains("This interview link has been replaced", withdrawnPost, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, withdrawnApi.StatusCode);
        Assert.Contains("This interview link has expired", expiredPost, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, expiredApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((0, 0, 0), await SurveySteps.CountAsync(app));
    }

    private sealed record TableRows(List<string> Columns, List<string> Values);

    private static Task<Dictionary<string, TableRows>> ReadTablesAsync(RapportTestApp app, string provider, params string[] tables) => app.InScopeAsync(async s =>
    {
        var connection = s.GetRequiredService<AppDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        var result = new Dictionary<string, TableRows>();
        foreach (var table in tables)
        {
            var columns = await ReadStringsAsync(connection, provider == TestStorage.Sqlite
                ? $"SELECT name FROM pragma_table_info('{table}')"
                : $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'");
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }

            result[table] = new TableRows(columns, values);
        }

        return result;
    });

    private static async Task<List<string>> ReadStringsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static Task<List<long>> RowIdsAsync(RapportTestApp app, string table) => app.InScopeAsync(async s =>
    {
        var connection = s.GetRequiredService<AppDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    });
}
