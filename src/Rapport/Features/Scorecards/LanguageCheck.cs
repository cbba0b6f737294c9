using System.Text;
using System.Text.RegularExpressions;
using Rapport.Features.Questions.Format;

namespace Rapport.Features.Scorecards;

/// <summary>
/// Reads scorecard evidence against the reviewed language-check list and for evidence that is
/// empty or only restates the level. Pure and thread-safe: build one per list version
/// (<see cref="LanguageCheckSource"/> keeps the current one) and call <see cref="Review"/> as often as needed.
/// </summary>
/// <remarks>
/// Matching runs on the folded text (<see cref="LanguageCheckText"/>): case, accents, compatibility
/// forms, apostrophe and dash variants do not matter, and highlights map back to the original. A
/// phrase matches whole words only ("page" never hits "age"). Each phrase is one regular expression
/// on the non-backtracking engine, so a reviewed list cannot make a long evidence slow.
/// </remarks>
public sealed class LanguageCheck
{
    /// <summary>The top of the rating scale (1 to 4): "3/4" restates level 3.</summary>
    private const int ScaleTop = 4;

    private static readonly Lazy<LanguageCheck> Default = new(() => FromYaml(LanguageCheckList.DefaultSource()));

    private readonly IReadOnlyList<ListedPhrase> phrases;
    private readonly LanguageCheckRestating restating;

    private LanguageCheck(LanguageCheckList list, Guid? version)
    {
        List = list;
        Version = version;
        phrases = [.. list.Categories.SelectMany(c => c.Entries.SelectMany(e => e.Phrases.Select(p => new ListedPhrase(c, p, e.Advice, new Regex(Pattern(p), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)))))];
        restating = new LanguageCheckRestating(list.Restating);
    }

    /// <summary>Rapport's own list (the starter bank's <c>language-check.yaml</c>), used when a bank has none.</summary>
    public static LanguageCheck BuiltIn => Default.Value;

    public LanguageCheckList List { get; }

    /// <summary>The stored bank version the list came from; null for Rapport's own list or one built from text.</summary>
    public Guid? Version { get; }

    public static LanguageCheck From(LanguageCheckList list, Guid? version = null) => new(list, version);

    /// <summary>A check from the text of a list, without storage (tests, tools). Throws with every problem when the text is not a valid list.</summary>
    public static LanguageCheck FromYaml(string yaml, Guid? version = null)
    {
        var log = new ProblemLog(LanguageCheckList.FileName);
        return LanguageCheckList.Parse(yaml, log) is { } list && !log.HasErrors
            ? new LanguageCheck(list, version)
            : throw new ArgumentException($"The language-check list is not valid: {string.Join("; ", log.Problems)}", nameof(yaml));
    }

    /// <summary>
    /// What the check notices in one piece of evidence: listed phrases in the order they appear,
    /// after a finding that the evidence is empty or only restates the level (when a level is given).
    /// </summary>
    /// <param name="evidence">The evidence as typed.</param>
    /// <param name="level">The level given, from 1; null when the signal was not assessed.</param>
    /// <param name="levelDescriptions">The rubric's text for each level, level 1 first (may be empty when the signal has no rubric).</param>
    /// <param name="levelName">The level's name as the scorecard shows it, if it has one (its words count as restating).</param>
    public IReadOnlyList<LanguageCheckFinding> Review(string? evidence, int? level, IReadOnlyList<string> levelDescriptions, string? levelName = null)
    {
        ArgumentNullException.ThrowIfNull(levelDescriptions);
        if (level is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "A level starts at 1; pass null for a signal that was not assessed.");
        }

        var text = LanguageCheckText.Fold(evidence ?? "");
        var findings = new List<LanguageCheckFinding>();
        if (!Enumerable.Range(0, text.Folded.Length).Any(text.IsWordAt))
        {
            if (level is not null)
            {
                findings.Add(new LanguageCheckFinding(LanguageCheckFindingKind.EmptyEvidence, null, null, null, "", 0, 0, List.Empty.Instead, List.Empty.Why));
            }

            return findings;
        }

        if (level is { } given)
        {
            var description = given <= levelDescriptions.Count ? levelDescriptions[given - 1] : null;
            if (restating.OnlyRestates(text.Folded, given, Math.Max(ScaleTop, Math.Max(given, levelDescriptions.Count)), description, levelName))
            {
                var original = text.Original;
                var start = original.Length - original.AsSpan().TrimStart().Length;
                var length = original.AsSpan().Trim().Length;
                findings.Add(new LanguageCheckFinding(LanguageCheckFindingKind.RestatesLevel, null, null, null, original.Substring(start, length), start, length, List.Restating.Advice.Instead, List.Restating.Advice.Why));
            }
        }

        findings.AddRange(Listed(text));
        return findings;
    }

    private IEnumerable<LanguageCheckFinding> Listed(LanguageCheckText text)
    {
        var matches = new List<(int Start, int Length, ListedPhrase Phrase)>();
        foreach (var phrase in phrases)
        {
            var at = 0;
            while (at < text.Folded.Length && phrase.Pattern.Match(text.Folded, at) is { Success: true } match)
            {
                // Whole words only: the regex finds "age" in "page"; the neighbours rule it out.
                if (!text.IsWordAt(match.Index - 1) && !text.IsWordAt(match.Index + match.Length))
                {
                    matches.Add((match.Index, match.Length, phrase));
                }

                at = match.Index + 1;
            }
        }

        // Where phrases overlap ("too old" and "old"), the longest, earliest one speaks.
        var end = -1;
        foreach (var (start, length, phrase) in matches.OrderBy(m => m.Start).ThenByDescending(m => m.Length))
        {
            if (start < end)
            {
                continue;
            }

            end = start + length;
            var (from, count) = text.ToOriginal(start, length);
            yield return new LanguageCheckFinding(LanguageCheckFindingKind.ListedPhrase, phrase.Category.Id, phrase.Category.Name, phrase.Text, text.Original.Substring(from, count), from, count, phrase.Advice.Instead, phrase.Advice.Why);
        }
    }

    /// <summary>The regular expression of a phrase, over folded text (see docs/language-check.md for the rules).</summary>
    internal static string Pattern(string phrase)
    {
        var words = LanguageCheckText.FoldText(phrase.Trim()).Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join("[ -]+", words.Select(Word));
    }

    private static string Word(string word)
    {
        if (!word.EndsWith('*'))
        {
            return Literal(word);
        }

        var stem = word[..^1];
        // The first alternative that fits is the match, even when a later one would fit longer:
        // the spelling changes come first ("fitting" before "fit"), longest endings first.
        List<string> forms = [];
        if (DoublesLastLetter(stem))
        {
            forms.Add(Literal(stem + stem[^1]) + "(?:ing|ers|est|ed|er)");
        }

        if (stem.EndsWith('e'))
        {
            forms.Add(Literal(stem[..^1]) + "(?:ing|ity|ers|est|ed|er)");
        }

        if (stem.EndsWith('y'))
        {
            forms.Add(Literal(stem[..^1]) + "i(?:ness|est|es|ed|er|ly)");
        }

        forms.Add(Literal(stem) + "(?:ness|ers|est|ing|ed|er|es|ly|s|d)?");
        return $"(?:{string.Join('|', forms)})(?:'s?)?";
    }

    // fit -> fitting, chat -> chatted: a consonant after a single vowel after a consonant.
    private static bool DoublesLastLetter(string stem) =>
        stem.Length >= 3 && !IsVowel(stem[^1]) && stem[^1] is not ('w' or 'x' or 'y') && IsVowel(stem[^2]) && !IsVowel(stem[^3]) && char.IsLetter(stem[^1]);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static string Literal(string word)
    {
        var pattern = new StringBuilder();
        foreach (var c in word)
        {
            pattern.Append(c switch
            {
                '#' => @"\p{Nd}+",
                '/' => " ?/ ?",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return pattern.ToString();
    }

    private sealed record ListedPhrase(LanguageCategory Category, string Text, LanguageAdvice Advice, Regex Pattern);
}
