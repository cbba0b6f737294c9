using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Accounts;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;

namespace Rapport.Features.Questions;

public sealed record QuestionSummaryResponse(string Id, string Title, string Kind, IReadOnlyList<string> Levels, int DurationMinutes, IReadOnlyList<string> Languages, IReadOnlyList<string> Signals, IReadOnlyList<string> Tags)
{
    public static QuestionSummaryResponse From(QuestionDocument q) => new(q.Id, q.Title, q.Kind, q.Levels, q.DurationMinutes, q.Languages, q.Signals, q.Tags);
}

/// <summary>The interviewer's view of a question: everything, for staff only.</summary>
public sealed record QuestionResponse(QuestionDocument Question, int Version);

public sealed record KitSummaryResponse(string Id, string Title, string Role, string Level, int DurationMinutes, IReadOnlyList<string> Signals);

public static class BankEndpoints
{
    public static IEndpointRouteBuilder MapBankEndpoints(this IEndpointRouteBuilder app)
    {
        var bank = app.MapGroup("/api/bank").RequireAuthorization(Policies.Staff).WithTags("Bank");
        bank.MapGet("/questions", SearchQuestionsAsync);
        bank.MapGet("/questions/{id}", GetQuestionAsync);
        bank.MapGet("/kits", ListKitsAsync);
        return app;
    }

    public static async Task<Ok<List<QuestionSummaryResponse>>> SearchQuestionsAsync(
        string? text, string? tag, string? kind, string? level, string? signal, string? language, BankLibrary library, CancellationToken ct)
    {
        var bank = await library.CurrentAsync(ct);
        return TypedResults.Ok(new BankQuery(text, tag, kind, level, signal, language).Apply(bank.Questions).Select(q => QuestionSummaryResponse.From(q.Document)).ToList());
    }

    public static async Task<Results<Ok<QuestionResponse>, NotFound>> GetQuestionAsync(string id, BankLibrary library, CancellationToken ct)
    {
        var question = (await library.CurrentAsync(ct)).Question(id)?.Document;
        if (question is null)
        {
            return TypedResults.NotFound();
        }

        var version = (await library.HistoryAsync(BankDocumentKind.Question, id, ct))[0].Number;
        return TypedResults.Ok(new QuestionResponse(question, version));
    }

    public static async Task<Ok<List<KitSummaryResponse>>> ListKitsAsync(BankLibrary library, CancellationToken ct) =>
        TypedResults.Ok((await library.CurrentAsync(ct)).Kits
            .Select(k => new KitSummaryResponse(k.Document.Id, k.Document.Title, k.Document.Role, k.Document.Level, k.Document.DurationMinutes, k.Document.Signals))
            .ToList());
}
