using Rapport.Features.Questions.Format;

namespace Rapport.Features.Questions;

/// <summary>What the bank page filters by; every field is optional.</summary>
public sealed record BankQuery(string? Text, string? Tag, string? Kind, string? Level, string? Signal, string? Language)
{
    public bool IsEmpty => new[] { Text, Tag, Kind, Level, Signal, Language }.All(string.IsNullOrWhiteSpace);

    public IEnumerable<ParsedQuestion> Apply(IEnumerable<ParsedQuestion> questions) => questions
        .Where(q => string.IsNullOrWhiteSpace(Text) || Matches(q.Document, Text.Trim()))
        .Where(q => string.IsNullOrWhiteSpace(Tag) || q.Document.Tags.Contains(Tag.Trim()))
        .Where(q => string.IsNullOrWhiteSpace(Kind) || q.Document.Kind == Kind)
        .Where(q => string.IsNullOrWhiteSpace(Level) || q.Document.Levels.Contains(Level))
        .Where(q => string.IsNullOrWhiteSpace(Signal) || q.Document.Signals.Contains(Signal))
        .Where(q => string.IsNullOrWhiteSpace(Language) || q.Document.Languages.Contains(Language))
        .OrderBy(q => q.Document.Title, StringComparer.OrdinalIgnoreCase);

    private static bool Matches(QuestionDocument question, string text) =>
        question.Title.Contains(text, StringComparison.OrdinalIgnoreCase)
        || question.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
        || question.Candidate.PromptMarkdown.Contains(text, StringComparison.OrdinalIgnoreCase)
        || question.Tags.Any(t => t.Contains(text, StringComparison.OrdinalIgnoreCase));
}
