using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Accounts;

namespace Rapport.Features.Coaching;

public static class CoachingEndpoints
{
    public static IEndpointRouteBuilder MapCoachingEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api").RequireAuthorization(Policies.Staff).WithTags("Coaching");
        staff.MapGet("/interviews/{id:guid}/report-card", GetReportCardAsync);
        return app;
    }

    /// <summary>The interview's report cards the caller may read (<see cref="ReportCardDesk"/>): their own once their scorecard is in; every panel member's for an admin.</summary>
    public static async Task<Results<Ok<ReportCardView>, NotFound, ProblemHttpResult>> GetReportCardAsync(
        Guid id, ClaimsPrincipal user, ReportCardDesk desk, CancellationToken ct) =>
        await desk.ForAsync(id, user, ct) switch
        {
            null => TypedResults.NotFound(),
            { Waiting: { } waiting } => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: waiting),
            var view => TypedResults.Ok(view),
        };
}
