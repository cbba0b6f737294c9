using Rapport.Features.Questions.Format;

namespace Rapport.Features.Questions;

/// <summary>
/// A question as a candidate may see it: title, prompt, examples and starter code in the
/// languages offered. Built only from <see cref="CandidateContent"/>, so nothing an interviewer
/// writes (hints, rubric, solutions, tests, notes) can slip in.
/// </summary>
public sealed record CandidateQuestionView(string Title, string PromptHtml, string ExamplesHtml, IReadOnlyDictionary<string, string> StarterCode)
{
    public static CandidateQuestionView From(CandidateContent content, IReadOnlyCollection<string>? offeredLanguages = null) => new(
        content.Title,
        MarkdownHtml.Render(content.PromptMarkdown),
        MarkdownHtml.Render(content.ExamplesMarkdown),
        content.StarterCode.Where(c => offeredLanguages is null || offeredLanguages.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value));
}
