using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Accounts;

namespace Rapport.Features.Mail;

public static class MailEndpoints
{
    public static IEndpointRouteBuilder MapMailEndpoints(this IEndpointRouteBuilder app)
    {
        // Coordinators answer for what was sent to candidates; interviewers and candidates never read the outbox.
        app.MapGroup("/api/mail").RequireAuthorization(Policies.Coordinator).WithTags("Mail")
            .MapGet("/", ListMailAsync);
        return app;
    }

    /// <summary>The latest messages and their state, newest first; of one interview with <c>?interviewId=</c>.</summary>
    public static async Task<Ok<List<OutboxMessageResponse>>> ListMailAsync(Guid? interviewId, MailOutbox outbox, CancellationToken ct) =>
        TypedResults.Ok(await outbox.RecentAsync(interviewId, ct));
}
