using System.Globalization;
using Rapport.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

/// <summary>
/// Reads a YAML mapping field by field, reporting each problem at the node where it is, so every
/// message carries the line and column a person can jump to.
/// </summary>
public sealed class YamlFields(YamlMappingNode mapping, ProblemLog log, string what)
{
    private readonly HashSet<string> read = [];

    public YamlMappingNode Node { get; } = mapping;

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public static int Column(YamlNode node) => (int)node.Start.Column;

    public YamlNode? Get(string key)
    {
        read.Add(key);
        return Node.Children.FirstOrDefault(c => c.Key is YamlScalarNode s && s.Value == key).Value;
    }

    public string? Text(string key, bool required, string example)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required)
            {
                log.Error(Line(Node), Column(Node), $"{what} has no '{key}'.", $"add a line like `{key}: {example}`.");
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
        {
            log.Error(Line(node), Column(node), $"'{key}' must be a non-empty text.", $"write it like `{key}: {example}`.");
            return null;
        }

        return value.Trim();
    }

    /// <summary>
    /// A name or title people read in lists and pages: text on one line that reads as it is stored,
    /// without control, text-direction or invisible characters (the rule every name follows: <see cref="ShownText"/>).
    /// </summary>
    public string? Name(string key, bool required, string example)
    {
        var value = Text(key, required, example);
        if (value is not null && ShownText.NameProblem(value, $"'{key}'") is { } hidden)
        {
            var node = Get(key)!;
            // The file fails on this error; the value is kept so that nothing naming it fails as well.
            log.Error(Line(node), Column(node), hidden, $"write it like `{key}: {example}`.");
        }

        return value;
    }

    public int? WholeNumber(string key, bool required, int min, int max, string unit)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required)
            {
                log.Error(Line(Node), Column(Node), $"{what} has no '{key}'.", $"add `{key}: N` with N in {unit} from {min} to {max}.");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        log.Error(Line(node), Column(node), $"'{key}' must be a whole number of {unit} from {min} to {max}, not '{(node as YamlScalarNode)?.Value}'.", $"write it like `{key}: {Math.Min(max, Math.Max(min, 30))}`.");
        return null;
    }

    /// <summary>A list of words from a closed vocabulary (or any id when <paramref name="allowed"/> is null).</summary>
    public List<(string Value, YamlNode Node)> Words(string key, bool required, IReadOnlyList<string>? allowed, bool allowEmpty = false)
    {
        var node = Get(key);
        var words = new List<(string, YamlNode)>();
        if (node is null)
        {
            if (required)
            {
                log.Error(Line(Node), Column(Node), $"{what} has no '{key}'.", $"add `{key}: [{(allowed is null ? "..." : string.Join(", ", allowed.Take(2)))}]`.");
            }

            return words;
        }

        if (node is not YamlSequenceNode sequence)
        {
            log.Error(Line(node), Column(node), $"'{key}' must be a list.", $"write it like `{key}: [{(allowed is null ? "a, b" : string.Join(", ", allowed.Take(2)))}]`.");
            return words;
        }

        foreach (var item in sequence)
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } value })
            {
                log.Error(Line(item), Column(item), $"each item of '{key}' must be a single word.", "remove the nested list or mapping.");
                continue;
            }

            if (allowed is not null && !allowed.Contains(value))
            {
                log.Error(Line(item), Column(item), $"'{value}' is not a known value for '{key}'.", $"use one of {string.Join(", ", allowed)}.");
                continue;
            }

            if (allowed is null && !BankVocabulary.IsId(value))
            {
                log.Error(Line(item), Column(item), $"'{value}' in '{key}' is not an id.", "use lower-case letters, digits and single hyphens, like numerically-stable-softmax.");
                continue;
            }

            if (words.Any(w => w.Item1 == value))
            {
                log.Warning(Line(item), Column(item), $"'{value}' appears twice in '{key}'.", "remove the repeat.");
                continue;
            }

            words.Add((value, item));
        }

        if (words.Count == 0 && required && !allowEmpty)
        {
            log.Error(Line(node), Column(node), $"'{key}' is empty.", $"list at least one value{(allowed is null ? "" : $": {string.Join(", ", allowed)}")}.");
        }

        return words;
    }

    /// <summary>Reports keys that no reader asked for: a misspelt key must not pass silently.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (key, _) in Node.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && !read.Contains(name))
            {
                log.Error(Line(key), Column(key), $"{what} has an unknown field '{name}'.", $"remove it, or correct the spelling; known fields: {string.Join(", ", read.Order(StringComparer.Ordinal))}.");
            }
        }
    }
}
