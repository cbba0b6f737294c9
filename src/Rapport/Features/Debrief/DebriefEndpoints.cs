using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Features.Accounts;
using Rapport.Features.Scorecards;
using Rapport.Infrastructure;

namespace Rapport.Features.Debrief;

public static class DebriefEndpoints
{
    public static IEndpointRouteBuilder MapDebriefEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/loops").RequireAuthorization(Policies.Staff).AddEndpointFilter<RequireJsonBody>().WithTags("Debrief");
        staff.MapGet("/{id:guid}/debrief", GetAsync);
        staff.MapPost("/{id:guid}/decision", DecideAsync);
        staff.MapPut("/{id:guid}/deadline", SetDeadlineAsync).RequireAuthorization(Policies.Coordinator);
        return app;
    }

    /// <summary>The debrief, for those the independence rule lets see it; the same refusals as the loop's scorecards.</summary>
    public static async Task<Results<Ok<DebriefResponse>, NotFound, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, DebriefBoard board, CancellationToken ct) =>
        await board.BuildAsync(user, id, "through the API (GET /api/loops/{id}/debrief)", ct) switch
        {
            (_, { } debrief) => TypedResults.Ok(debrief),
            (LoopVisibility.NotFound, _) => TypedResults.NotFound(),
            var (hidden, _) => ScorecardEndpoints.Hidden(hidden),
        };

    public static async Task<Results<Ok<LoopStandingResponse>, NotFound, ProblemHttpResult, ValidationProblem>> DecideAsync(
        Guid id, DecisionRequest? request, ClaimsPrincipal user, DecisionDesk desk, CancellationToken ct) =>
        Answer(await desk.DecideAsync(user, id, request, ct));

    public static async Task<Results<Ok<LoopStandingResponse>, NotFound, ProblemHttpResult, ValidationProblem>> SetDeadlineAsync(
        Guid id, DeadlineRequest? request, DecisionDesk desk, CancellationToken ct) =>
        Answer(await desk.SetDeadlineAsync(id, request, ct));

    private static Results<Ok<LoopStandingResponse>, NotFound, ProblemHttpResult, ValidationProblem> Answer((LoopStandingResponse? Standing, DebriefProblem? Problem) result) => result switch
    {
        ({ } standing, _) => TypedResults.Ok(standing),
        (_, { Status: StatusCodes.Status404NotFound }) => TypedResults.NotFound(),
        (_, { Status: StatusCodes.Status400BadRequest } problem) => TypedResults.ValidationProblem(problem.Errors),
        (_, { } problem) => TypedResults.Problem(new ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Errors.Values.First()[0],
            Extensions = { ["errors"] = problem.Errors },
        }),
        _ => throw new InvalidOperationException("A debrief answer has neither a standing nor a problem."),
    };
}
