using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;

namespace Rapport.Features.Scorecards;

public static class ScorecardEndpoints
{
    public const string HiddenUntilYouSubmit = "The panel's scorecards stay hidden until you have submitted your own for this loop, as they do for everyone on it: judge from your own evidence first.";
    public const string HiddenUntilDebrief = "The panel's scorecards open at the debrief: once every scorecard is in, or at the deadline a coordinator sets.";

    public static IEndpointRouteBuilder MapScorecardEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api").RequireAuthorization(Policies.Staff).AddEndpointFilter<RequireJsonBody>().WithTags("Scorecards");
        staff.MapGet("/interviews/{id:guid}/scorecard", GetAsync);
        staff.MapPut("/interviews/{id:guid}/scorecard/draft", SaveDraftAsync);
        staff.MapPost("/interviews/{id:guid}/scorecard/submit", SubmitAsync);
        staff.MapPost("/interviews/{id:guid}/scorecard/amend", AmendAsync);
        staff.MapGet("/loops/{id:guid}/scorecards", ListForLoopAsync);
        return app;
    }

    public static async Task<Results<Ok<ScorecardResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> GetAsync(
        Guid id, ClaimsPrincipal user, ScorecardDesk desk, CancellationToken ct) =>
        Answer(await desk.OpenAsync(id, user.UserId(), ct));

    public static async Task<Results<Ok<ScorecardResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> SaveDraftAsync(
        Guid id, SaveScorecardDraftRequest request, ClaimsPrincipal user, ScorecardDesk desk, CancellationToken ct) =>
        Answer(await desk.SaveDraftAsync(id, user.UserId(), request.Content, request.Version, ct));

    public static async Task<Results<Ok<ScorecardResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> SubmitAsync(
        Guid id, SubmitScorecardRequest request, ClaimsPrincipal user, ScorecardDesk desk, CancellationToken ct) =>
        Answer(await desk.SubmitAsync(id, user.UserId(), request.Content, ct));

    public static async Task<Results<Ok<ScorecardResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> AmendAsync(
        Guid id, AmendScorecardRequest request, ClaimsPrincipal user, ScorecardDesk desk, CancellationToken ct) =>
        Answer(await desk.AmendAsync(id, user.UserId(), request.Content, request.Reason, ct));

    /// <summary>Every submitted scorecard of the loop, for those the independence rule lets see them (<see cref="ScorecardAccess"/>).</summary>
    public static async Task<Results<Ok<List<LoopScorecardResponse>>, NotFound, ProblemHttpResult>> ListForLoopAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, ScorecardAccess access, Audit.AuditTrail audit, CancellationToken ct) =>
        await access.VisibilityAsync(user, id, ct) switch
        {
            LoopVisibility.Visible => TypedResults.Ok(await ViewAsync(db, audit, id, ct)),
            LoopVisibility.NotFound => TypedResults.NotFound(),
            var hidden => Hidden(hidden),
        };

    private static async Task<List<LoopScorecardResponse>> ViewAsync(AppDbContext db, Audit.AuditTrail audit, Guid loopId, CancellationToken ct)
    {
        await audit.RecordNowAsync(Audit.AuditKinds.ScorecardsViewed, "Viewed the loop's scorecards through the API (GET /api/loops/{id}/scorecards).", loopId, ct);
        return await LoopScorecards.LoadAsync(db, loopId, ct);
    }

    /// <summary>The refusal for a caller the independence rule keeps waiting, in the same words wherever the scorecards are served.</summary>
    public static ProblemHttpResult Hidden(LoopVisibility visibility) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: visibility == LoopVisibility.HiddenUntilYouSubmit ? HiddenUntilYouSubmit : HiddenUntilDebrief);

    private static Results<Ok<ScorecardResponse>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>> Answer((ScorecardDraft? Draft, ScorecardProblem? Problem) result) => result switch
    {
        ({ } draft, _) => TypedResults.Ok(ScorecardResponse.From(draft)),
        (_, { Status: StatusCodes.Status404NotFound } problem) => TypedResults.NotFound(Details(problem)),
        (_, { Status: StatusCodes.Status409Conflict } problem) => TypedResults.Conflict(Details(problem)),
        (_, { } problem) => TypedResults.ValidationProblem(problem.Errors),
        _ => throw new InvalidOperationException("A scorecard answer has neither a draft nor a problem."),
    };

    private static ProblemDetails Details(ScorecardProblem problem) => new()
    {
        Status = problem.Status,
        Title = problem.Errors.Values.First()[0],
        Extensions = { ["errors"] = problem.Errors },
    };
}
