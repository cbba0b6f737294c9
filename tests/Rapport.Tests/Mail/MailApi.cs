using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Mail;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Mail;

/// <summary>The outbox as a coordinator reads it, through the HTTP API.</summary>
public static class MailApi
{
    public static async Task<List<OutboxMessageResponse>> OfAsync(HttpClient coordinator, Guid? interviewId = null) =>
        (await coordinator.GetFromJsonAsync<List<OutboxMessageResponse>>(interviewId is { } id ? $"/api/mail?interviewId={id}" : "/api/mail"))!;

    /// <summary>Reads the interview's mail until every message satisfies <paramref name="done"/>.</summary>
    public static Task<List<OutboxMessageResponse>> UntilAsync(HttpClient coordinator, Guid interviewId, Func<OutboxMessageResponse, bool> done, string what, Action? betweenReads = null) =>
        Eventually.ReadAsync(() => OfAsync(coordinator, interviewId), mail => mail.Count > 0 && mail.All(done), what, betweenReads);
}

/// <summary>What the outbox table holds beyond what the API shows: the stored message itself.</summary>
public static class OutboxRows
{
    public static Task<byte[]?> MimeOfAsync(RapportTestApp app, Guid id) =>
        app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.Where(m => m.Id == id).Select(m => m.Mime).SingleAsync());
}
