using System.Globalization;
using System.Text.RegularExpressions;
using Rapport.Features.Questions.Format;

namespace Rapport.Features.Scorecards;

/// <summary>
/// Tells evidence that says what happened from evidence that only says how well: words of the
/// list's <c>restating</c> section ("good", "meets the bar"), filler ("the candidate was"), the
/// level's number or name, or the rubric's own text for the level with a word or two changed.
/// </summary>
internal sealed partial class LanguageCheckRestating
{
    private readonly IReadOnlyList<string[]> phrases;
    private readonly HashSet<string> filler;

    public LanguageCheckRestating(LanguageRestating list)
    {
        // Longest first, so "meets the bar" is taken whole before "the" is taken as filler.
        phrases = [.. list.Words.Select(w => Words(LanguageCheckText.FoldText(w))).Where(w => w.Length > 0).OrderByDescending(w => w.Length)];
        filler = [.. list.Filler.SelectMany(f => Words(LanguageCheckText.FoldText(f)))];
    }

    /// <param name="folded">The evidence, folded.</param>
    /// <param name="level">The level given.</param>
    /// <param name="top">The highest level of the scale, so "3/4" and "3 out of 4" count as the level.</param>
    /// <param name="description">The rubric's text for the level, if any.</param>
    /// <param name="levelName">The level's name, if any.</param>
    public bool OnlyRestates(string folded, int level, int top, string? description, string? levelName)
    {
        var words = Words(folded);
        var name = levelName is null ? [] : Words(LanguageCheckText.FoldText(levelName)).ToHashSet();
        var content = new List<string>();
        for (var i = 0; i < words.Length;)
        {
            if (phrases.FirstOrDefault(p => Starts(words, i, p)) is { } phrase)
            {
                i += phrase.Length;
                continue;
            }

            var word = words[i++];
            if (!filler.Contains(word) && !name.Contains(word) && !IsLevelNumber(word, level, top))
            {
                content.Add(word);
            }
        }

        if (content.Count == 0)
        {
            return true;
        }

        if (description is null)
        {
            return false;
        }

        // The rubric's text, near enough: at least two of its words, and at most one word in five
        // of the evidence (at least one) from anywhere else. Real evidence adds what was seen.
        var rubric = Words(LanguageCheckText.FoldText(description)).Select(Stem).ToHashSet(StringComparer.Ordinal);
        var fromRubric = content.Count(w => rubric.Contains(Stem(w)));
        return fromRubric >= 2 && content.Count - fromRubric <= Math.Max(1, content.Count / 5);
    }

    private static bool Starts(string[] words, int at, string[] phrase) =>
        at + phrase.Length <= words.Length && phrase.Select((w, k) => words[at + k] == w).All(same => same);

    // "3", "l3", "level 3" (with "level" as filler), and the scale's top in "3/4".
    private static bool IsLevelNumber(string word, int level, int top)
    {
        var digits = word.StartsWith('l') ? word[1..] : word;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 0 && (number <= top || number == level);
    }

    /// <summary>A word without its usual endings, so "explained" and "explains" meet; rough, and enough to compare with a rubric.</summary>
    internal static string Stem(string word)
    {
        var stem = word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word.TrimEnd('\'');
        foreach (var ending in (ReadOnlySpan<string>)["ingly", "edly", "ing", "ed", "es", "ly", "s"])
        {
            if (stem.EndsWith(ending, StringComparison.Ordinal) && stem.Length - ending.Length >= 2)
            {
                stem = stem[..^ending.Length];
                break;
            }
        }

        return stem.Length > 2 && stem.EndsWith('e') ? stem[..^1] : stem;
    }

    internal static string[] Words(string folded) => [.. WordPattern().Matches(folded).Select(m => m.Value)];

    // Letters and digits, with apostrophes inside a word ("candidate's", "didn't").
    [GeneratedRegex(@"[\p{L}\p{N}\p{M}]+(?:'[\p{L}\p{N}\p{M}]+)*")]
    private static partial Regex WordPattern();
}
