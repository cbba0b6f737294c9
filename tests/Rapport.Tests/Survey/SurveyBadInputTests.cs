using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Survey;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Survey;

public sealed class SurveyBadInputTests
{
    /// <summary>A form that must be refused: the field it is about, words the message must hold, and the fields posted.</summary>
    public static TheoryData<string, string, string, string, string> BadForms => new()
    {
        // name, field, message part, overall, comment
        { "overall above the scale", "overall", "Overall: 7 is outside the scale", "7", "" },
        { "overall below the scale", "overall", "Overall: 0 is outside the scale", "0", "" },
        { "overall not a number", "overall", "Overall: the value sent is not a point of the scale", "five", "" },
        { "overall negative", "overall", "Overall: the value sent is not a point of the scale", "-1", "" },
        { "overall missing", "overall", "Overall: this answer is needed", "", "" },
        { "comment too long", "comment", "2,001 characters; the limit is 2,000", "4", new string('a', 2001) },
        { "right-to-left override", "comment", "character 3 is a text-direction control (U+202E, right-to-left override)", "4", "ok\u202Egnp.exe" },
        { "right-to-left isolate", "comment", "text-direction control (U+2067, right-to-left isolate)", "4", "a\u2067b" },
        { "zero width space", "comment", "character 2 is an invisible character (U+200B, zero width space)", "4", "a\u200Bb" },
        { "byte order mark inside", "comment", "invisible character (U+FEFF, zero width no-break space)", "4", "a\uFEFFb" },
        { "escape character", "comment", "invisible control character (U+001B)", "4", "a\u001B[31mred" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task BadAnswer_OnThePage_IsRefusedNamingTheField_AndNothingIsStored(string name, string field, string message, string overall, string comment)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        SurveySteps.EndInterviews(app);

        var html = await SurveySteps.AnswerExpectingAsync(app, world.TokenA, new() { ["treatedWithRespect"] = "5", ["overall"] = overall, ["comment"] = comment }, HttpStatusCode.BadRequest);

        Assert.Contains($"id=\"{field}-problem\"", html, StringComparison.Ordinal);
        Assert.True(html.Contains(message, StringComparison.Ordinal), $"{name}: the page does not say '{message}'");
        Assert.Equal((0, 0, 0), await SurveySteps.CountAsync(app));
        // Nothing was half-written: a good answer still goes in afterwards.
        await SurveySteps.AnswerExpectingAsync(app, world.TokenA, new() { ["overall"] = "3" }, HttpStatusCode.OK);
        Assert.Equal((1, 1, 1), await SurveySteps.CountAsync(app));
    }

    public static TheoryData<string, string, string, string> BadJson => new()
    {
        // name, field, message part, body
        { "out of the scale", "treatedWithRespect", "Treated with respect: 6 is outside the scale", """{"treatedWithRespect": 6, "overall": 4}""" },
        { "hints and no hints", "hintsHelped", "Hints helped: choose how much the hints helped, or that no hints were given, not both.", """{"hintsHelped": 4, "noHintsGiven": true, "overall": 4}""" },
        { "no overall", "overall", "Overall: this answer is needed", """{"expectationsClear": 4}""" },
        { "NUL in the comment", "comment", "character 4 is an invisible control character (U+0000, a null character)", """{"overall": 4, "comment": "abc\u0000def"}""" },
        // System.Text.Json refuses half a surrogate pair itself; the answer still names the field.
        { "lone surrogate", "comment", "Expected a string", """{"overall": 4, "comment": "half \ud83d of an emoji"}""" },
        { "word joiner", "comment", "invisible character (U+2060, word joiner)", """{"overall": 4, "comment": "a\u2060b"}""" },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task BadAnswer_OverTheApi_Is400NamingTheField_AndNothingIsStored(string name, string field, string message, string body)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        SurveySteps.EndInterviews(app);

        var response = await InterviewWorld.CandidateClient(app, world.TokenA).PostAsync("/api/candidate/survey", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: got {(int)response.StatusCode}");
        Assert.Equal([field], problem!.Errors.Keys);
        Assert.Contains(message, problem.Errors[field].Single(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await SurveySteps.CountAsync(app));
    }

    [Fact]
    public async Task NulInTheFormsComment_IsRefusedBeforeThePage_AndNothingIsStored()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        SurveySteps.EndInterviews(app);

        // ASP.NET Core's form reader refuses a NUL before the page runs (the API names the field instead).
        var response = await SurveySteps.AnswerAsync(app, world.TokenA, new() { ["overall"] = "4", ["comment"] = "abc\0def" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((0, 0, 0), await SurveySteps.CountAsync(app));
    }

    [Fact]
    public async Task Comment_WithJoinersOfEmojiAndScripts_IsKeptAsWritten()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        SurveySteps.EndInterviews(app);
        // A woman technologist (joined by U+200D), a Persian word with a non-joiner (U+200C), the flag of Scotland (tag characters), a tab.
        const string comment = "👩\u200D💻 می\u200Cخواهم 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F\tthanks";

        var response = await InterviewWorld.CandidateClient(app, world.TokenA).PostAsJsonAsync("/api/candidate/survey", new SurveyAnswers(null, null, null, true, null, 5, comment));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var stored = await app.InScopeAsync(s => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(s.GetRequiredService<Rapport.Data.AppDbContext>().SurveyResponses));
        Assert.Equal(comment, stored.Comment);
    }
}
