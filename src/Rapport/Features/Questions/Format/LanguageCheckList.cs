using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

/// <summary>What to write instead, and why, in one sentence each.</summary>
public sealed record LanguageAdvice(string Instead, string Why);

/// <summary>Phrases that share one piece of advice.</summary>
public sealed record LanguageEntry(IReadOnlyList<string> Phrases, LanguageAdvice Advice);

public sealed record LanguageCategory(string Id, string Name, IReadOnlyList<LanguageEntry> Entries);

/// <summary>Words that say how well, not what (<see cref="Words"/>), and words that carry nothing on their own (<see cref="Filler"/>).</summary>
public sealed record LanguageRestating(IReadOnlyList<string> Words, IReadOnlyList<string> Filler, LanguageAdvice Advice);

/// <summary>
/// The reviewed list the language check reads scorecard evidence against, from
/// <c>language-check.yaml</c> at the top of a bank (format: docs/language-check.md). A bank without
/// one uses Rapport's own list (the starter bank's file, built into Rapport).
/// </summary>
public sealed record LanguageCheckList(IReadOnlyList<LanguageCategory> Categories, LanguageRestating Restating, LanguageAdvice Empty)
{
    public const string FileName = "language-check.yaml";

    public const int MaxPhraseLength = 60;

    public const int MaxPhraseWords = 6;

    public const int MaxAdviceLength = 300;

    public const int MaxCategories = 50;

    public const int MaxPhrases = 1000;

    public IEnumerable<string> Phrases => Categories.SelectMany(c => c.Entries).SelectMany(e => e.Phrases);

    public static string DefaultSource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Rapport.DefaultLanguageCheck.yaml")
            ?? throw new InvalidOperationException("The default language-check list is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The key two phrases share when the check cannot tell them apart: folded (case, accents,
    /// apostrophes), with each run of spaces and hyphens one space.
    /// </summary>
    public static string PhraseKey(string phrase) =>
        string.Join(' ', LanguageCheckText.FoldText(phrase).Replace(" / ", "/", StringComparison.Ordinal).Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));

    public static LanguageCheckList? Parse(string text, ProblemLog log)
    {
        var root = YamlText.ParseMapping(text, log, "the language-check list");
        if (root is null)
        {
            return null;
        }

        var fields = new YamlFields(root, log, "The language-check list");
        var categoriesNode = fields.Get("categories");
        var restatingNode = fields.Get("restating");
        var emptyNode = fields.Get("empty");
        fields.RejectUnknownKeys();

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = ReadCategories(categoriesNode, root, log, seen);
        var restating = ReadRestating(restatingNode, root, log);
        var empty = ReadEmpty(emptyNode, root, log);
        if (log.HasErrors || categories is null || restating is null || empty is null)
        {
            return null;
        }

        return new LanguageCheckList(categories, restating, empty);
    }

    private static List<LanguageCategory>? ReadCategories(YamlNode? node, YamlMappingNode root, ProblemLog log, Dictionary<string, int> seen)
    {
        if (node is null)
        {
            log.Error(YamlFields.Line(root), YamlFields.Column(root), "the language-check list has no 'categories'.", "add `categories:` with items that have id, name and entries (or `categories: []` for none).");
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), "'categories' must be a list.", "write `categories:` followed by items starting with `- id: ...`.");
            return null;
        }

        if (sequence.Children.Count > MaxCategories)
        {
            log.Error(YamlFields.Line(sequence.Children[MaxCategories]), YamlFields.Column(sequence.Children[MaxCategories]), $"the list has more than {MaxCategories} categories.", "merge related categories.");
            return null;
        }

        var categories = new List<LanguageCategory>();
        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode mapping)
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), "a category must have id, name and entries.", "write it as `- id: age` with `name:` and `entries:` below.");
                continue;
            }

            var category = new YamlFields(mapping, log, "A category");
            var id = category.Text("id", required: true, "age");
            var name = category.Name("name", required: true, "Age");
            var entriesNode = category.Get("entries");
            category.RejectUnknownKeys();
            if (id is not null && !BankVocabulary.IsId(id))
            {
                log.Error(YamlFields.Line(category.Get("id")!), YamlFields.Column(category.Get("id")!), $"'{id}' is not a valid category id.", "use lower-case letters, digits and single hyphens, like accent-and-speech.");
                id = null;
            }

            if (id is not null && categories.Any(c => c.Id == id))
            {
                log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), $"the category '{id}' is defined twice.", "merge the two, or give one another id.");
                id = null;
            }

            var entries = ReadEntries(entriesNode, mapping, log, seen);
            if (id is not null && name is not null && entries is not null)
            {
                categories.Add(new LanguageCategory(id, name, entries));
            }
        }

        if (seen.Count > MaxPhrases)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"the list has {seen.Count} phrases; at most {MaxPhrases} are read.", "keep the phrases that matter; a shorter list is also easier to review.");
        }

        return categories;
    }

    private static List<LanguageEntry>? ReadEntries(YamlNode? node, YamlMappingNode category, ProblemLog log, Dictionary<string, int> seen)
    {
        if (node is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            var at = node ?? category;
            log.Error(YamlFields.Line(at), YamlFields.Column(at), "a category needs a list of 'entries'.", "add `entries:` with items like `- match: [phrase]` with `instead:` and `why:`.");
            return null;
        }

        var entries = new List<LanguageEntry>();
        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode mapping)
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), "an entry must have match, instead and why.", "write it as `- match: [phrase]` with `instead:` and `why:` below.");
                continue;
            }

            var entry = new YamlFields(mapping, log, "An entry");
            var matchNode = entry.Get("match");
            var advice = Advice(entry, log);
            entry.RejectUnknownKeys();
            var phrases = ReadPhrases(matchNode, mapping, log, seen);
            if (phrases is not null && advice is not null)
            {
                entries.Add(new LanguageEntry(phrases, advice));
            }
        }

        return entries;
    }

    private static List<string>? ReadPhrases(YamlNode? node, YamlMappingNode entry, ProblemLog log, Dictionary<string, int> seen)
    {
        IEnumerable<YamlNode> items = node switch
        {
            YamlScalarNode scalar => [scalar],
            YamlSequenceNode { Children.Count: > 0 } sequence => sequence.Children,
            _ => [],
        };
        if (!items.Any())
        {
            var at = node ?? entry;
            log.Error(YamlFields.Line(at), YamlFields.Column(at), "an entry needs 'match': a phrase or a list of phrases.", "write it like `match: [culture fit, cultural fit]`.");
            return null;
        }

        var phrases = new List<string>();
        foreach (var item in items)
        {
            if (PhraseProblem(item) is { } problem)
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), problem.Message, problem.Fix);
                continue;
            }

            var phrase = ((YamlScalarNode)item).Value!.Trim();
            var key = PhraseKey(phrase);
            if (seen.TryGetValue(key, out var line))
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), $"the phrase '{phrase}' is already listed on line {line}.", "remove one of them (case, accents and hyphens do not make phrases different).");
                continue;
            }

            seen[key] = YamlFields.Line(item);
            phrases.Add(phrase);
        }

        return phrases.Count == 0 ? null : phrases;
    }

    private static (string Message, string Fix)? PhraseProblem(YamlNode item)
    {
        if (item is not YamlScalarNode { Value: { } raw } || string.IsNullOrWhiteSpace(raw))
        {
            return ("each phrase must be a non-empty text.", "write the words to look for, like `culture fit`.");
        }

        var phrase = raw.Trim();
        if (phrase.Length > MaxPhraseLength)
        {
            return ($"the phrase is {phrase.Length} characters long; at most {MaxPhraseLength} are allowed.", "keep to the few words that carry the meaning.");
        }

        var folded = LanguageCheckText.FoldText(phrase);
        var words = folded.Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > MaxPhraseWords)
        {
            return ($"the phrase has {words.Length} words; at most {MaxPhraseWords} are allowed.", "keep to the few words that carry the meaning.");
        }

        if (!folded.Any(char.IsLetter))
        {
            return ($"the phrase '{phrase}' has no letters.", "write the words to look for.");
        }

        if (folded.FirstOrDefault(c => !(char.IsLetterOrDigit(c) || c is ' ' or '-' or '\'' or '/' or '#' or '*')) is var bad and not '\0')
        {
            return ($"the phrase '{phrase}' holds '{bad}', which the check cannot match.", "use letters, digits, spaces, hyphens, apostrophes and '/', with `#` for a number and `*` after a word for its endings.");
        }

        if (words.Any(w => w.IndexOf('*', StringComparison.Ordinal) is >= 0 and var star && (star != w.Length - 1 || star < 2)))
        {
            return ($"in the phrase '{phrase}', '*' must come at the end of a word of at least two letters.", "write it like `aggressive*` to also find aggressively and aggressiveness.");
        }

        return null;
    }

    private static LanguageAdvice? ReadEmpty(YamlNode? node, YamlMappingNode root, ProblemLog log)
    {
        if (Section(node, root, log, "empty", "What to do when a level has no evidence") is not { } section)
        {
            return null;
        }

        var advice = Advice(section, log);
        section.RejectUnknownKeys();
        return advice;
    }

    private static LanguageRestating? ReadRestating(YamlNode? node, YamlMappingNode root, ProblemLog log)
    {
        if (Section(node, root, log, "restating", "Words that only restate the level") is not { } section)
        {
            return null;
        }

        var words = WordList(section.Get("words"), section.Node, log, "words", "good");
        var filler = WordList(section.Get("filler"), section.Node, log, "filler", "the");
        var advice = Advice(section, log);
        section.RejectUnknownKeys();
        return words is null || filler is null || advice is null ? null : new LanguageRestating(words, filler, advice);
    }

    private static YamlFields? Section(YamlNode? node, YamlMappingNode root, ProblemLog log, string key, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlFields(mapping, log, what);
        }

        var at = node ?? root;
        log.Error(YamlFields.Line(at), YamlFields.Column(at), node is null ? $"the language-check list has no '{key}'." : $"'{key}' must be a mapping.", $"add `{key}:` with `instead:` and `why:` below it (see docs/language-check.md).");
        return null;
    }

    private static LanguageAdvice? Advice(YamlFields fields, ProblemLog log)
    {
        var instead = AdviceText(fields, log, "instead", "Describe what the candidate did.");
        var why = AdviceText(fields, log, "why", "It gives the debrief evidence to weigh.");
        return instead is null || why is null ? null : new LanguageAdvice(instead, why);
    }

    private static string? AdviceText(YamlFields fields, ProblemLog log, string key, string example)
    {
        var text = fields.Text(key, required: true, example);
        if (text is not null && text.Length > MaxAdviceLength)
        {
            var node = fields.Get(key)!;
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{key}' is {text.Length} characters long; at most {MaxAdviceLength} are allowed.", "say it in one kind, specific sentence.");
            return null;
        }

        return text;
    }

    private static List<string>? WordList(YamlNode? node, YamlMappingNode section, ProblemLog log, string key, string example)
    {
        if (node is not YamlSequenceNode sequence)
        {
            var at = node ?? section;
            log.Error(YamlFields.Line(at), YamlFields.Column(at), node is null ? $"'restating' has no '{key}'." : $"'{key}' must be a list.", $"write it like `{key}: [{example}]`.");
            return null;
        }

        var words = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in sequence)
        {
            if (item is not YamlScalarNode { Value: { } raw } || string.IsNullOrWhiteSpace(raw) || raw.Trim().Length > MaxPhraseLength)
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), $"each item of '{key}' must be a word or short phrase of at most {MaxPhraseLength} characters.", "remove the nested list, mapping or long text.");
                continue;
            }

            var folded = PhraseKey(raw.Trim());
            if (!folded.Any(char.IsLetterOrDigit))
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), $"'{raw.Trim()}' in '{key}' has no letters or digits.", "remove it.");
                continue;
            }

            if (seen.TryGetValue(folded, out var line))
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), $"'{raw.Trim()}' is already in '{key}' on line {line}.", "remove the repeat.");
                continue;
            }

            seen[folded] = YamlFields.Line(item);
            words.Add(raw.Trim());
        }

        return words;
    }
}
