using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Survey;

/// <summary>What the survey tests do over and over: end the interview, answer through the page, count what is stored.</summary>
public static class SurveySteps
{
    public const string FormName = "candidate-survey";

    /// <summary>Past the end of interviews planned two days ahead (the kit's 35 minutes), well before their links expire.</summary>
    public static void EndInterviews(RapportTestApp app) => app.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));

    /// <summary>Answers through the page's form as a browser would (the antiforgery token from a page anyone may open).</summary>
    public static Task<HttpResponseMessage> AnswerAsync(RapportTestApp app, string token, Dictionary<string, string> fields) =>
        app.CreateClient().PostFormAsync($"/c/{token}/survey", FormName, fields, tokenPage: "/account/login");

    public static async Task<string> AnswerExpectingAsync(RapportTestApp app, string token, Dictionary<string, string> fields, HttpStatusCode status)
    {
        var response = await AnswerAsync(app, token, fields);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {html}");
        return html;
    }

    public static Task<(int Responses, int Interviewers, int Receipts)> CountAsync(RapportTestApp app) => app.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        return (await db.SurveyResponses.CountAsync(), await db.SurveyResponseInterviewers.CountAsync(), await db.SurveyReceipts.CountAsync());
    });
}
