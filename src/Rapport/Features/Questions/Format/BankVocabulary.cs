using System.Text.RegularExpressions;

namespace Rapport.Features.Questions.Format;

/// <summary>The closed vocabularies of the bank format, in one place.</summary>
public static partial class BankVocabulary
{
    public static readonly IReadOnlyList<string> Kinds = ["coding", "ml-concepts", "ml-system-design", "debugging", "data-analysis"];

    public static readonly IReadOnlyList<string> Levels = ["junior", "mid", "senior", "staff"];

    /// <summary>Languages of the shared pad; the first four also run in the sandbox.</summary>
    public static readonly IReadOnlyList<string> Languages = ["python", "javascript", "cpp", "csharp", "typescript", "sql"];

    /// <summary>The section kept for the candidate's own questions: coaching guards its time.</summary>
    public const string CandidateQuestionsSection = "candidate-questions";

    public static readonly IReadOnlyList<string> SectionKinds = ["introductions", "warm-up", "main-problem", "follow-ups", CandidateQuestionsSection];

    /// <summary>Sections that hold a question (or a choice of alternatives).</summary>
    public static readonly IReadOnlyList<string> QuestionSectionKinds = ["warm-up", "main-problem"];

    public const int MaxFileBytes = 1024 * 1024;

    public const int MinCandidateQuestionsMinutes = 5;

    public static bool IsId(string value) => value.Length <= 64 && IdPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
