using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Audit;
using Rapport.Infrastructure;

namespace Rapport.Features.Interviews;

public static class InterviewEndpoints
{
    public static IEndpointRouteBuilder MapInterviewEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/interviews").RequireAuthorization(Policies.Staff).AddEndpointFilter<RequireJsonBody>().WithTags("Interviews");
        staff.MapGet("/", ListInterviewsAsync);
        staff.MapGet("/{id:guid}", GetInterviewAsync);
        staff.MapPost("/", PlanInterviewAsync).RequireAuthorization(Policies.Coordinator);
        staff.MapPost("/{id:guid}/candidate-link", IssueCandidateLinkAsync).RequireAuthorization(Policies.Coordinator);
        staff.MapDelete("/{id:guid}/candidate-link", RevokeCandidateLinkAsync).RequireAuthorization(Policies.Coordinator);
        staff.MapPut("/{id:guid}/accommodation", SetAccommodationAsync).RequireAuthorization(Policies.Coordinator);
        staff.MapPut("/{id:guid}/schedule", RescheduleAsync).RequireAuthorization(Policies.Coordinator);
        staff.MapPut("/{id:guid}/panel", ChangePanelAsync).RequireAuthorization(Policies.Coordinator);
        staff.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(Policies.Coordinator);
        staff.MapGet("/{id:guid}/changes", ListChangesAsync);

        app.MapGet("/api/candidate/interview", GetCandidateInterviewAsync)
            .RequireAuthorization(Policies.Candidate)
            .WithTags("Candidate");
        return app;
    }

    public static async Task<Ok<List<InterviewResponse>>> ListInterviewsAsync(
        ClaimsPrincipal user, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var interviews = await db.Interviews.VisibleTo(user).WithPanelAndLinks()
            .OrderBy(i => i.ScheduledAt).AsSplitQuery().ToListAsync(ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(interviews.Select(i => InterviewResponse.From(i, now)).ToList());
    }

    public static async Task<Results<Ok<InterviewResponse>, NotFound>> GetInterviewAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var interview = await db.Interviews.VisibleTo(user).WithPanelAndLinks().AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct);
        return interview is null ? TypedResults.NotFound() : TypedResults.Ok(InterviewResponse.From(interview, time.GetUtcNow()));
    }

    public static async Task<Results<Created<PlannedInterviewResponse>, ValidationProblem>> PlanInterviewAsync(
        CreateInterviewRequest request, ClaimsPrincipal user, InterviewPlanner planner, PublicUrls urls, TimeProvider time, CancellationToken ct)
    {
        var outcome = await planner.PlanAsync(request.ToPlan(), user.UserId(), ct);
        if (!outcome.Succeeded)
        {
            return TypedResults.ValidationProblem(outcome.Errors, title: "The interview was not planned; fix the fields below.");
        }

        var interview = outcome.Interview!;
        var link = new CandidateLinkIssuedResponse(urls.CandidateLink(outcome.CandidateLinkToken!), interview.CandidateLinks[^1].ExpiresAt);
        return TypedResults.Created(
            $"/api/interviews/{interview.Id}",
            new PlannedInterviewResponse(InterviewResponse.From(interview, time.GetUtcNow()), link, outcome.Invitation?.Queued ?? 0, outcome.Invitation?.Problem));
    }

    /// <summary>Issues a new link and retires the old one (for a lost or leaked link).</summary>
    public static async Task<Results<Ok<CandidateLinkIssuedResponse>, NotFound, Conflict<ProblemDetails>>> IssueCandidateLinkAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, CandidateLinks links, PublicUrls urls, CancellationToken ct)
    {
        var interview = await db.Interviews.VisibleTo(user).Include(i => i.CandidateLinks).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (interview is null)
        {
            return TypedResults.NotFound();
        }

        var token = links.Issue(interview);
        if (!await links.TrySaveAsync(ct))
        {
            return TypedResults.Conflict(LinkRace);
        }

        return TypedResults.Ok(new CandidateLinkIssuedResponse(urls.CandidateLink(token), interview.CandidateLinks[^1].ExpiresAt));
    }

    private static readonly ProblemDetails LinkRace = new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Someone changed this interview's link at the same moment.",
        Detail = "Reload the interview and try again.",
    };

    public static async Task<Results<NoContent, NotFound>> RevokeCandidateLinkAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, CandidateLinks links, CancellationToken ct)
    {
        var interview = await db.Interviews.VisibleTo(user).Include(i => i.CandidateLinks).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (interview is null)
        {
            return TypedResults.NotFound();
        }

        links.Revoke(interview);
        await links.SaveAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<CandidateInterviewResponse>, NotFound>> GetCandidateInterviewAsync(
        ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var interviewId = user.InterviewId();
        var interview = await db.Interviews.WithPanel()
            .SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is null)
        {
            return TypedResults.NotFound();
        }

        var material = await Rooms.InterviewMaterial.LoadAsync(db, interview.Id, ct);
        return TypedResults.Ok(CandidateInterviewResponse.From(interview, material.Kit));
    }

    public static Task<Results<Ok<InterviewResponse>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> RescheduleAsync(
        Guid id, RescheduleRequest request, ClaimsPrincipal user, AppDbContext db, InterviewLifecycle lifecycle, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(id, user, db, time, () => lifecycle.RescheduleAsync(id, request.ScheduledAt, request.DurationMinutes, user.UserId(), ct), ct);

    public static Task<Results<Ok<InterviewResponse>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> ChangePanelAsync(
        Guid id, PanelRequest request, ClaimsPrincipal user, AppDbContext db, InterviewLifecycle lifecycle, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(id, user, db, time, () => lifecycle.ChangePanelAsync(id, request.InterviewerIds, request.Shadows, user.UserId(), ct), ct);

    public static Task<Results<Ok<InterviewResponse>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> CancelAsync(
        Guid id, CancelRequest request, ClaimsPrincipal user, AppDbContext db, InterviewLifecycle lifecycle, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(id, user, db, time, () => lifecycle.CancelAsync(id, request.Reason, user.UserId(), ct), ct);

    /// <summary>The interview's audit trail, oldest first; everyone who may see the interview sees how it changed.</summary>
    public static async Task<Results<Ok<List<InterviewChangeResponse>>, NotFound>> ListChangesAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        if (!await db.Interviews.VisibleTo(user).AnyAsync(i => i.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var changes = await db.AuditEntries.InterviewHistory(id)
            .Select(c => new InterviewChangeResponse(c.At, c.ActorName, c.Kind, c.Summary)).ToListAsync(ct);
        return TypedResults.Ok(changes);
    }

    private static async Task<Results<Ok<InterviewResponse>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> ChangeAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, TimeProvider time, Func<Task<LifecycleProblem?>> change, CancellationToken ct)
    {
        if (!await db.Interviews.VisibleTo(user).AnyAsync(i => i.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        switch (await change())
        {
            case { Status: StatusCodes.Status404NotFound }:
                return TypedResults.NotFound();
            case { Status: StatusCodes.Status409Conflict } conflict:
                return TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = conflict.Message, Detail = $"Field: {conflict.Field}." });
            case { } problem:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] }, title: "Nothing was changed; fix the field below.");
        }

        db.ChangeTracker.Clear();
        var interview = await db.Interviews.WithPanelAndLinks().AsSplitQuery().SingleAsync(i => i.Id == id, ct);
        return TypedResults.Ok(InterviewResponse.From(interview, time.GetUtcNow()));
    }

    /// <summary>Extra time as an accommodation: every section stretches by the same share.</summary>
    public static async Task<Results<Ok<InterviewResponse>, NotFound, ValidationProblem>> SetAccommodationAsync(
        Guid id, AccommodationRequest request, ClaimsPrincipal user, AppDbContext db, CandidateLinks links, TimeProvider time, CancellationToken ct)
    {
        if (request.ExtraTimePercent is not (>= 0 and <= Interview.MaxExtraTimePercent))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["extraTimePercent"] = [$"Extra time is a percentage from 0 to {Interview.MaxExtraTimePercent}."] });
        }

        var interview = await db.Interviews.VisibleTo(user).WithPanelAndLinks().AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (interview is null)
        {
            return TypedResults.NotFound();
        }

        interview.ExtraTimePercent = request.ExtraTimePercent.Value;
        links.ExtendTo(interview);
        await links.SaveAsync(ct);
        return TypedResults.Ok(InterviewResponse.From(interview, time.GetUtcNow()));
    }
}
