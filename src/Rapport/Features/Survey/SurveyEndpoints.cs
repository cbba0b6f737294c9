using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Infrastructure;

namespace Rapport.Features.Survey;

/// <summary>
/// The candidate's survey over HTTP, for the same link as the page (<c>Authorization: Bearer TOKEN</c>).
/// The page itself is <c>/c/{token}/survey</c> (<see cref="PagePath"/>), a stable address the
/// feedback email may link to.
/// </summary>
public static class SurveyEndpoints
{
    public static string PagePath(string token) => $"/c/{token}/survey";

    /// <summary>The survey's absolute address for a link's token (for the feedback email).</summary>
    public static string SurveyLink(this PublicUrls urls, string token) => $"{urls.CandidateLink(token)}/survey";

    public static IEndpointRouteBuilder MapSurveyEndpoints(this IEndpointRouteBuilder app)
    {
        var candidate = app.MapGroup("/api/candidate/survey").RequireAuthorization(Policies.Candidate).AddEndpointFilter<RequireJsonBody>().WithTags("Candidate");
        candidate.MapGet("/", GetSurveyAsync);
        candidate.MapPost("/", AnswerSurveyAsync);
        return app;
    }

    public static async Task<Results<Ok<SurveyStateResponse>, NotFound>> GetSurveyAsync(
        ClaimsPrincipal user, CandidateSurvey survey, CancellationToken ct)
    {
        var state = user.InterviewId() is { } id ? await survey.StateAsync(id, ct) : null;
        return state is null ? TypedResults.NotFound() : TypedResults.Ok(SurveyStateResponse.From(state));
    }

    public static async Task<Results<NoContent, ValidationProblem, Conflict<ProblemDetails>, NotFound>> AnswerSurveyAsync(
        SurveyAnswers answers, ClaimsPrincipal user, CandidateSurvey survey, CancellationToken ct)
    {
        var submission = user.InterviewId() is { } id
            ? await survey.SubmitAsync(id, answers, formProblems: null, ct)
            : SurveySubmission.Of(SurveyOutcome.UnknownInterview);
        return submission.Outcome switch
        {
            SurveyOutcome.Saved => TypedResults.NoContent(),
            SurveyOutcome.Invalid => TypedResults.ValidationProblem(submission.Problems, title: "The survey was not sent; fix the answers below."),
            SurveyOutcome.AlreadyAnswered => TypedResults.Conflict(new ProblemDetails
            {
                Title = "This interview's survey was already answered.",
                Detail = "Each interview's survey takes one set of answers; the first one was kept and nothing changed.",
                Status = StatusCodes.Status409Conflict,
            }),
            SurveyOutcome.NotOpenYet => TypedResults.Conflict(new ProblemDetails
            {
                Title = "The survey is not open yet.",
                Detail = "It opens when the interview ends; nothing was stored.",
                Status = StatusCodes.Status409Conflict,
            }),
            _ => TypedResults.NotFound(),
        };
    }

}
