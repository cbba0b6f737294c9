using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;

namespace Rapport.Features.Candidates;

public static class CandidateEndpoints
{
    public static IEndpointRouteBuilder MapCandidateEndpoints(this IEndpointRouteBuilder app)
    {
        var candidates = app.MapGroup("/api/candidates").RequireAuthorization(Policies.Coordinator).AddEndpointFilter<RequireJsonBody>().WithTags("Candidates");
        candidates.MapGet("/", ListCandidatesAsync);
        candidates.MapGet("/{id:guid}", GetCandidateAsync);
        candidates.MapPut("/{id:guid}", UpdateCandidateAsync);

        // Every staff member may ask; the query shows a loop only to those who lead it or sit on one of its panels.
        var loops = app.MapGroup("/api/loops").RequireAuthorization(Policies.Staff).AddEndpointFilter<RequireJsonBody>().WithTags("Candidates");
        loops.MapGet("/{id:guid}", GetLoopAsync);
        loops.MapPut("/{id:guid}/lead", ChangeDebriefLeadAsync).RequireAuthorization(Policies.Coordinator);
        return app;
    }

    /// <summary>Candidates whose name or email contains <paramref name="query"/> (ASCII case folded), newest activity first, 50 a page.</summary>
    public static async Task<Results<Ok<CandidateListResponse>, ValidationProblem>> ListCandidatesAsync(
        AppDbContext db, CancellationToken ct, string? query = null, int page = 1)
    {
        var errors = CandidateQueries.CheckSearch(query, page);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search was not run; fix the field below.");
        }

        return TypedResults.Ok(await CandidateQueries.ListAsync(db, query, page, ct));
    }

    public static async Task<Results<Ok<CandidateResponse>, NotFound>> GetCandidateAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        var candidate = await db.Candidates.AsNoTracking().WithLoops().AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct);
        return candidate is null ? TypedResults.NotFound() : TypedResults.Ok(CandidateResponse.From(candidate));
    }

    /// <summary>Sets how the candidate is addressed: their preferred name and pronouns, shown wherever their name is.</summary>
    public static async Task<Results<Ok<CandidateResponse>, NotFound, ValidationProblem>> UpdateCandidateAsync(
        Guid id, CandidateUpdateRequest request, AppDbContext db, CandidateEdits edits, CancellationToken ct)
    {
        switch (await edits.AddressAsync(id, request.PreferredName, request.Pronouns, ct))
        {
            case null:
                return TypedResults.NotFound();
            case { Count: > 0 } errors:
                return TypedResults.ValidationProblem(errors, title: "Nothing was changed; fix the fields below.");
        }

        db.ChangeTracker.Clear();
        return TypedResults.Ok(CandidateResponse.From(await db.Candidates.AsNoTracking().WithLoops().AsSplitQuery().SingleAsync(c => c.Id == id, ct)));
    }

    public static async Task<Results<Ok<LoopResponse>, NotFound>> GetLoopAsync(Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var loop = await db.Loops.VisibleTo(user).AsNoTracking().WithInterviews().AsSplitQuery().SingleOrDefaultAsync(l => l.Id == id, ct);
        return loop is null ? TypedResults.NotFound() : TypedResults.Ok(LoopResponse.From(loop));
    }

    public static async Task<Results<Ok<LoopResponse>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> ChangeDebriefLeadAsync(
        Guid id, DebriefLeadRequest request, ClaimsPrincipal user, AppDbContext db, CandidateEdits edits, CancellationToken ct)
    {
        switch (await edits.ChangeDebriefLeadAsync(id, request.DebriefLeadId, user.UserId(), ct))
        {
            case { Status: StatusCodes.Status404NotFound }:
                return TypedResults.NotFound();
            case { Status: StatusCodes.Status409Conflict } conflict:
                return TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = conflict.Message, Detail = $"Field: {conflict.Field}." });
            case { } problem:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] }, title: "Nothing was changed; fix the field below.");
        }

        db.ChangeTracker.Clear();
        return TypedResults.Ok(LoopResponse.From(await db.Loops.AsNoTracking().WithInterviews().AsSplitQuery().SingleAsync(l => l.Id == id, ct)));
    }
}
