using System.Text.Json.Serialization;

namespace Rapport.Features.Scorecards;

/// <summary>What the language check noticed. Stored by name, so findings kept with a scorecard read the same later.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LanguageCheckFindingKind>))]
public enum LanguageCheckFindingKind
{
    /// <summary>A phrase of the reviewed list (bank/language-check.yaml).</summary>
    ListedPhrase,

    /// <summary>A level was given with no evidence (nothing but spaces, punctuation or emoji).</summary>
    EmptyEvidence,

    /// <summary>The evidence only restates the level: words like "good", the level's number or name, or its rubric text.</summary>
    RestatesLevel,
}

/// <summary>
/// One thing the language check noticed in a piece of evidence, with a kind, specific suggestion.
/// <see cref="Start"/> and <see cref="Length"/> are UTF-16 indices into the evidence exactly as the
/// interviewer typed it, so a page can highlight <c>evidence.Substring(Start, Length)</c>
/// (<see cref="Matched"/>); an empty evidence has both 0.
/// </summary>
/// <param name="Kind">What was noticed.</param>
/// <param name="Category">The list's category id (such as <c>age</c>); null for empty and restating evidence.</param>
/// <param name="CategoryName">The category's name for people (such as "Age"); null for empty and restating evidence.</param>
/// <param name="Phrase">The list's phrase that matched, as written in the list (such as <c>aggressive*</c>); null for empty and restating evidence.</param>
/// <param name="Start">Where the highlight starts in the evidence as typed (UTF-16 index).</param>
/// <param name="Length">How many UTF-16 units it covers; combining marks after the last letter included.</param>
/// <param name="Matched">The evidence's own text at Start and Length.</param>
/// <param name="Suggestion">What to write instead, in one sentence.</param>
/// <param name="Why">Why, in one sentence.</param>
public sealed record LanguageCheckFinding(
    LanguageCheckFindingKind Kind,
    string? Category,
    string? CategoryName,
    string? Phrase,
    string Matched,
    int Start,
    int Length,
    string Suggestion,
    string Why);
