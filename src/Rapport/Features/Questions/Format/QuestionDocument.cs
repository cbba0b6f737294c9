namespace Rapport.Features.Questions.Format;

/// <summary>One step of the hint ladder: from a general nudge to a specific pointer.</summary>
public sealed record Hint(int Step, string When, string Text, string? Unlocks);

/// <summary>What each level of one signal looks like in this question, as observable behaviour.</summary>
public sealed record RubricRow(string Signal, IReadOnlyList<string> Levels);

public sealed record TestCase(string Name, bool Visible, string Call, string? ExpectedJson, double? Tolerance, string? Check);

/// <summary>
/// Hidden tests: calls into the candidate's code, each with the expected value or a check.
/// <see cref="Setup"/> runs before the candidate's code, in their process (imports, inputs, drivers);
/// <see cref="CheckSetup"/> only in the checker's (reference implementations, comparison helpers),
/// so the candidate's code can never call it.
/// </summary>
public sealed record QuestionTests(string Language, string Setup, IReadOnlyList<TestCase> Cases)
{
    public string CheckSetup { get; init; } = "";
}

/// <summary>What a candidate may see. Nothing else of a question ever reaches a candidate.</summary>
public sealed record CandidateContent(
    string Title,
    string PromptMarkdown,
    string? ExamplesMarkdown,
    IReadOnlyDictionary<string, string> StarterCode);

/// <summary>What only interviewers see.</summary>
public sealed record InterviewerContent(
    IReadOnlyList<Hint> Hints,
    IReadOnlyList<RubricRow> Rubric,
    IReadOnlyList<string> FollowUps,
    IReadOnlyDictionary<string, string> ReferenceSolutions,
    QuestionTests? Tests,
    string? NotesMarkdown);

public sealed record QuestionDocument(
    string Id,
    string Kind,
    IReadOnlyList<string> Levels,
    int DurationMinutes,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Signals,
    IReadOnlyList<string> Tags,
    IReadOnlyList<SignalDefinition> DeclaredSignals,
    CandidateContent Candidate,
    InterviewerContent Interviewer)
{
    public string Title => Candidate.Title;
}
