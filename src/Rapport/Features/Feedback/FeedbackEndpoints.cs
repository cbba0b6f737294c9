using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Infrastructure;

namespace Rapport.Features.Feedback;

public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/loops/{id:guid}/feedback").RequireAuthorization(Policies.Staff).AddEndpointFilter<RequireJsonBody>().WithTags("Feedback");
        staff.MapGet("", GetAsync);
        staff.MapPut("", SaveAsync);
        staff.MapPost("/approve", ApproveAsync);
        staff.MapPost("/send", SendAsync);
        app.MapGet("/api/candidate/feedback", GetOwnAsync).RequireAuthorization(Policies.Candidate).WithTags("Candidate");
        return app;
    }

    public static async Task<Results<Ok<FeedbackLetterResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> GetAsync(
        Guid id, ClaimsPrincipal user, FeedbackDesk desk, CancellationToken ct) =>
        Answer(await desk.OpenAsync(id, user, ct));

    public static async Task<Results<Ok<FeedbackLetterResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> SaveAsync(
        Guid id, SaveFeedbackRequest request, ClaimsPrincipal user, FeedbackDesk desk, CancellationToken ct) =>
        Answer(await desk.SaveAsync(id, user, request, ct));

    public static async Task<Results<Ok<FeedbackLetterResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> ApproveAsync(
        Guid id, ApproveFeedbackRequest request, ClaimsPrincipal user, FeedbackDesk desk, CancellationToken ct) =>
        Answer(await desk.ApproveAsync(id, user, request.Version, ct));

    public static async Task<Results<Ok<FeedbackLetterResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> SendAsync(
        Guid id, ClaimsPrincipal user, FeedbackDesk desk, CancellationToken ct) =>
        Answer(await desk.SendAsync(id, user, ct));

    /// <summary>The candidate's own letter, once sent; before that, that there is none yet.</summary>
    public static async Task<Ok<CandidateFeedbackResponse>> GetOwnAsync(ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(user.InterviewId() is { } interviewId
            ? CandidateFeedbackResponse.From(await db.SentLetterForInterviewAsync(interviewId, ct))
            : CandidateFeedbackResponse.NotYet);

    private static Results<Ok<FeedbackLetterResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>> Answer((FeedbackLetterView? View, FeedbackProblem? Problem) result) => result switch
    {
        ({ } view, _) => TypedResults.Ok(FeedbackLetterResponse.From(view)),
        (_, { Status: StatusCodes.Status404NotFound } problem) => TypedResults.NotFound(Details(problem)),
        (_, { Status: StatusCodes.Status409Conflict } problem) => TypedResults.Conflict(Details(problem)),
        (_, { } problem) => TypedResults.ValidationProblem(problem.Errors, title: "The letter was not changed; fix the fields named below."),
        _ => throw new InvalidOperationException("A feedback answer has neither a letter nor a problem."),
    };

    private static ProblemDetails Details(FeedbackProblem problem) => new()
    {
        Status = problem.Status,
        Title = problem.Errors.Values.First()[0],
        Extensions = { ["errors"] = problem.Errors },
    };
}
