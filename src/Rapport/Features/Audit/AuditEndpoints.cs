using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Data;
using Rapport.Features.Accounts;

namespace Rapport.Features.Audit;

/// <summary>The audit log, read-only: there is no endpoint that changes or removes an entry.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ListAsync).RequireAuthorization(Policies.Admin).WithTags("Audit");
        return app;
    }

    /// <summary>A page of the log, newest first, of one kind and by or about one person when asked.</summary>
    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAsync(
        string? kind, string? person, string? page, AppDbContext db, CancellationToken ct)
    {
        if (AuditQueries.Problem(kind, page) is var (field, message))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
        }

        return TypedResults.Ok(await AuditQueries.PageAsync(db, kind, person, AuditQueries.PageOf(page), ct));
    }
}
