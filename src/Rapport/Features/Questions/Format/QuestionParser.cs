using System.Globalization;
using Markdig;
using Markdig.Syntax;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

/// <summary>
/// Reads one question file: YAML front matter between <c>---</c> lines, then Markdown sections
/// under level-1 headings. Prompt, Examples and Starter code are what the candidate sees;
/// everything else is for interviewers only.
/// </summary>
public static class QuestionParser
{
    public const string Prompt = "prompt";
    public const string Examples = "examples";
    public const string StarterCode = "starter code";
    public const string ReferenceSolution = "reference solution";
    public const string InterviewerNotes = "interviewer notes";

    public static readonly IReadOnlyList<string> Sections = [Prompt, Examples, StarterCode, ReferenceSolution, InterviewerNotes];

    /// <summary>The sections shown as Markdown; each may hold at most <see cref="MarkdownHtml.MaxLength"/> characters.</summary>
    public static readonly IReadOnlyList<string> RenderedSections = [Prompt, Examples, InterviewerNotes];

    /// <summary>
    /// The most characters of Markdown below the front matter, checked before Markdig reads it: even
    /// its block pass is quadratic on some texts (link reference definitions: 1 MB took 40 s).
    /// </summary>
    public const int MaxBodyLength = 64_000;

    private const string TooDeepFix = "flatten it: block quotes, lists, links or emphasis inside each other a few levels at most.";

    // Finding sections and code blocks needs only the block structure. Without inline parsers
    // Markdig does not run the inline pass that is quadratic on texts like "[a](" repeated; the
    // sections shown as Markdown are rendered apart, within their own limit.
    private static readonly MarkdownPipeline Pipeline = BlocksOnly();

    private static MarkdownPipeline BlocksOnly()
    {
        var builder = new MarkdownPipelineBuilder().UsePreciseSourceLocation();
        builder.InlineParsers.Clear();
        return builder.Build();
    }

    public static QuestionDocument? Parse(string text, ProblemLog log, SignalCatalog catalog, string? expectedId = null)
    {
        var lines = text.Split('\n');
        if (lines.Length < 3 || lines[0].TrimEnd('\r') != "---")
        {
            log.Error(1, 1, "a question file must start with YAML front matter between two '---' lines.", "put `---` on the first line, the fields (id, title, kind, ...) below it, then `---` again.");
            return null;
        }

        var close = Array.FindIndex(lines, 1, l => l.TrimEnd('\r') == "---");
        if (close < 0)
        {
            log.Error(1, 1, "the front matter is never closed.", "add a line `---` after the last field, before the prompt.");
            return null;
        }

        var frontMatter = string.Join('\n', lines[1..close]);
        var yamlLog = new ProblemLog(log.File, 1);
        var root = YamlText.ParseMapping(frontMatter, yamlLog, "the front matter");
        var body = string.Join('\n', lines[(close + 1)..]);
        var bodyLog = new ProblemLog(log.File, close + 1);
        if (body.Length > MaxBodyLength)
        {
            bodyLog.Error(1, 1, string.Create(CultureInfo.InvariantCulture, $"the Markdown below the front matter is {body.Length:N0} characters; a question's Markdown may be at most {MaxBodyLength:N0} characters."), "shorten the prompt, examples, notes or solutions; large data belongs in the tests.");
        }

        var sections = root is null || bodyLog.HasErrors ? null : ReadSections(body, bodyLog);
        var question = root is null || sections is null ? null : Build(root, sections, yamlLog, bodyLog, catalog, expectedId);
        log.AddRange(yamlLog.Problems);
        log.AddRange(bodyLog.Problems);
        return log.HasErrors ? null : question;
    }

    /// <summary>A section under its level-1 heading; <paramref name="FirstLine"/> is the line its Markdown starts on.</summary>
    private sealed record Section(string Name, string Heading, int Line, int Column, string Markdown, int FirstLine, IReadOnlyList<(string Language, string Code, int Line)> Code);

    private static Dictionary<string, Section>? ReadSections(string body, ProblemLog log)
    {
        if (ParseBlocks(body) is not { } document)
        {
            log.Error(FirstFailingLine(body, text => ParseBlocks(text) is null) + 1, 1, "the Markdown here is nested too deeply to read.", TooDeepFix);
            return null;
        }

        var sections = new Dictionary<string, Section>();
        string? current = null, currentTitle = null;
        int currentLine = 0, currentColumn = 0, start = -1, end = -1, firstLine = 0;
        var code = new List<(string, string, int)>();

        void Finish()
        {
            if (current is null)
            {
                return;
            }

            var markdown = start < 0 ? "" : body[start..(end + 1)].Trim();
            sections[current] = new Section(current, currentTitle!, currentLine, currentColumn, markdown, firstLine, [.. code]);
            code.Clear();
            start = end = -1;
        }

        foreach (var block in document)
        {
            if (block is HeadingBlock { Level: 1 } heading)
            {
                Finish();
                var title = body.Substring(heading.Span.Start, heading.Span.Length).TrimStart('#').Trim();
                var name = title.ToLowerInvariant();
                if (!Sections.Contains(name))
                {
                    log.Error(heading.Line + 1, heading.Column + 1, $"'{title}' is not a section of a question.", $"use one of the headings {string.Join(", ", Sections.Select(s => $"'# {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s)}'"))}, or make it a '##' sub-heading.");
                    current = null;
                    continue;
                }

                if (sections.ContainsKey(name))
                {
                    log.Error(heading.Line + 1, heading.Column + 1, $"the section '{title}' appears twice.", "merge the two sections into one.");
                }

                (current, currentTitle) = (name, title);
                (currentLine, currentColumn) = (heading.Line + 1, heading.Column + 1);
                continue;
            }

            if (current is null)
            {
                if (block is not BlankLineBlock)
                {
                    log.Error(block.Line + 1, block.Column + 1, "there is text before the first section heading.", "put it under '# Prompt' (candidate) or '# Interviewer notes' (interviewers only).");
                }

                continue;
            }

            firstLine = start < 0 ? block.Line + 1 : firstLine;
            start = start < 0 ? block.Span.Start : start;
            end = block.Span.End;
            if (block is FencedCodeBlock fenced)
            {
                code.Add(((fenced.Info ?? "").Trim().ToLowerInvariant(), fenced.Lines.ToString(), fenced.Line + 1));
            }
        }

        Finish();
        foreach (var section in sections.Values.Where(s => RenderedSections.Contains(s.Name)))
        {
            CheckRendering(section, log);
        }

        return sections;
    }

    private static MarkdownDocument? ParseBlocks(string text)
    {
        try
        {
#pragma warning disable RS0030 // Blocks only, on a body of bounded length; rendering goes through MarkdownHtml.
            return Markdown.Parse(text, Pipeline);
#pragma warning restore RS0030
        }
        catch (ArgumentException)
        {
            // Markdig's MaximumNestingDepth: "too deeply nested".
            return null;
        }
    }

    /// <summary>A section shown as Markdown must be short enough to render quickly, and render.</summary>
    private static void CheckRendering(Section section, ProblemLog log)
    {
        if (section.Markdown.Length > MarkdownHtml.MaxLength)
        {
            log.Error(section.Line, section.Column, string.Create(CultureInfo.InvariantCulture, $"the '# {section.Heading}' section is {section.Markdown.Length:N0} characters; a section shown as Markdown may have at most {MarkdownHtml.MaxLength:N0}."), "shorten it, or link to longer material.");
        }
        else if (MarkdownHtml.TryRender(section.Markdown) is null)
        {
            log.Error(section.FirstLine + FirstFailingLine(section.Markdown, text => MarkdownHtml.TryRender(text) is null), 1, "the Markdown here is nested too deeply to show.", TooDeepFix);
        }
    }

    /// <summary>
    /// The line (from 0) where a failing text starts to fail: the shortest run of whole lines from
    /// the start that fails, found by halving (nesting only grows as lines are added).
    /// </summary>
    private static int FirstFailingLine(string text, Func<string, bool> fails)
    {
        var ends = new List<int>();
        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            ends.Add(i);
        }

        ends.Add(text.Length);
        int low = 0, high = ends.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (fails(text[..ends[middle]]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private static QuestionDocument? Build(
        YamlMappingNode root, Dictionary<string, Section> sections, ProblemLog log, ProblemLog bodyLog, SignalCatalog catalog, string? expectedId)
    {
        var fields = new YamlFields(root, log, "The question");
        var id = fields.Text("id", required: true, "numerically-stable-softmax");
        if (id is not null && !BankVocabulary.IsId(id))
        {
            var node = fields.Get("id")!;
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{id}' is not a valid question id.", "use lower-case letters, digits and single hyphens, at most 64 characters.");
        }
        else if (id is not null && expectedId is not null && id != expectedId)
        {
            var node = fields.Get("id")!;
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"the id '{id}' does not match the file name '{expectedId}.md'.", $"rename the file to {id}.md or change the id to {expectedId}.");
        }

        var title = fields.Name("title", required: true, "Numerically stable softmax");
        var kind = fields.Text("kind", required: true, "coding");
        if (kind is not null && !BankVocabulary.Kinds.Contains(kind))
        {
            var node = fields.Get("kind")!;
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{kind}' is not a kind of question.", $"use one of {string.Join(", ", BankVocabulary.Kinds)}.");
        }

        var levels = fields.Words("levels", required: true, BankVocabulary.Levels);
        var duration = fields.WholeNumber("duration", required: true, 5, 120, "minutes");
        var languages = fields.Words("languages", required: true, BankVocabulary.Languages, allowEmpty: true);
        var declared = ReadDeclaredSignals(fields, log, catalog);
        var signals = fields.Words("signals", required: true, allowed: null);
        foreach (var (signal, node) in signals.Where(s => !catalog.Contains(s.Value) && declared.All(d => d.Id != s.Value)))
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{signal}' is not a signal of this bank.", $"use one of {string.Join(", ", catalog.Signals.Select(s => s.Id))}, or declare it under 'declare_signals' with id, name and description.");
        }

        var tags = fields.Words("tags", required: false, allowed: null);
        var hints = ReadHints(fields, log);
        var rubric = ReadRubric(fields, log, [.. signals.Select(s => s.Value)]);
        var followUps = ReadTexts(fields, log, "follow_ups");
        var tests = ReadTests(fields, log, [.. languages.Select(l => l.Value)], kind);
        fields.RejectUnknownKeys();

        var prompt = sections.GetValueOrDefault(Prompt);
        if (prompt is null || prompt.Markdown.Length == 0)
        {
            bodyLog.Error(prompt?.Line ?? 1, 1, "the question has no prompt for the candidate.", "add a '# Prompt' section with what the candidate is asked to do.");
        }

        var starter = CodeByLanguage(sections.GetValueOrDefault(StarterCode), bodyLog, [.. languages.Select(l => l.Value)], "starter code");
        var reference = CodeByLanguage(sections.GetValueOrDefault(ReferenceSolution), bodyLog, [.. languages.Select(l => l.Value)], "reference solution");
        if (kind is "coding" or "debugging" && reference.Count == 0)
        {
            bodyLog.Warning(1, 1, "a coding question has no reference solution.", "add a '# Reference solution' section with a fenced code block per language.");
        }

        if (kind is "coding" or "debugging" && tests is null && !log.HasErrors)
        {
            log.Warning(YamlFields.Line(root), YamlFields.Column(root), "a coding question has no hidden tests.", "add a 'tests' field with cases that call the candidate's code.");
        }

        if (log.HasErrors || bodyLog.HasErrors)
        {
            return null;
        }

        return new QuestionDocument(
            id!,
            kind!,
            [.. levels.Select(l => l.Value)],
            duration!.Value,
            [.. languages.Select(l => l.Value)],
            [.. signals.Select(s => s.Value)],
            [.. tags.Select(t => t.Value)],
            declared,
            new CandidateContent(title!, prompt!.Markdown, sections.GetValueOrDefault(Examples)?.Markdown, starter),
            new InterviewerContent(hints, rubric, followUps, reference, tests, sections.GetValueOrDefault(InterviewerNotes)?.Markdown));
    }

    private static List<SignalDefinition> ReadDeclaredSignals(YamlFields fields, ProblemLog log, SignalCatalog catalog)
    {
        var declared = new List<SignalDefinition>();
        if (fields.Get("declare_signals") is not { } node)
        {
            return declared;
        }

        if (node is not YamlSequenceNode sequence)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), "'declare_signals' must be a list of signals.", "write items with id, name and description.");
            return declared;
        }

        foreach (var item in sequence)
        {
            if (SignalCatalog.Definition(item, log, "A declared signal") is { } signal)
            {
                if (catalog.Contains(signal.Id))
                {
                    log.Error(YamlFields.Line(item), YamlFields.Column(item), $"'{signal.Id}' is already a signal of this bank.", "use it without declaring it, or choose another id.");
                    continue;
                }

                declared.Add(signal);
            }
        }

        return declared;
    }

    private static List<Hint> ReadHints(YamlFields fields, ProblemLog log)
    {
        var hints = new List<Hint>();
        var node = fields.Get("hints");
        if (node is null)
        {
            log.Warning(YamlFields.Line(fields.Node), YamlFields.Column(fields.Node), "the question has no hint ladder.", "add 'hints' with at least three steps, from a general nudge to a specific pointer.");
            return hints;
        }

        if (node is not YamlSequenceNode sequence)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), "'hints' must be a list.", "write each hint as `- when: ...` with `text:` (and optionally `unlocks:`) below.");
            return hints;
        }

        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode mapping)
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), "a hint must have 'when' and 'text'.", "write it as `- when: after about 3 minutes without progress` and `text: ...` below.");
                continue;
            }

            var hint = new YamlFields(mapping, log, $"Hint {hints.Count + 1}");
            var when = hint.Text("when", required: true, "after about 3 minutes without progress");
            var text = hint.Text("text", required: true, "What does each iteration alternate between?");
            var unlocks = hint.Text("unlocks", required: false, "the two-step structure");
            hint.RejectUnknownKeys();
            if (when is not null && text is not null)
            {
                hints.Add(new Hint(hints.Count + 1, when, text, unlocks));
            }
        }

        if (sequence.Children.Count is > 0 and < 3)
        {
            log.Warning(YamlFields.Line(node), YamlFields.Column(node), $"the hint ladder has {sequence.Children.Count} step(s).", "give at least three, from a general nudge to a specific pointer, so help can come in small steps.");
        }

        return hints;
    }

    private static List<RubricRow> ReadRubric(YamlFields fields, ProblemLog log, IReadOnlyList<string> signals)
    {
        var rows = new List<RubricRow>();
        var node = fields.Get("rubric");
        if (node is not YamlMappingNode mapping)
        {
            var at = node ?? fields.Node;
            log.Error(YamlFields.Line(at), YamlFields.Column(at), "the question has no rubric.", "add 'rubric' with, for each signal, levels 1 to 4 written as what the interviewer would observe.");
            return rows;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var signal = (key as YamlScalarNode)?.Value ?? "";
            if (!signals.Contains(signal))
            {
                log.Error(YamlFields.Line(key), YamlFields.Column(key), $"the rubric rates '{signal}', which is not in the question's signals.", $"add '{signal}' to 'signals' or remove this rubric entry.");
                continue;
            }

            if (value is not YamlMappingNode levels)
            {
                log.Error(YamlFields.Line(value), YamlFields.Column(value), $"the rubric for '{signal}' must give levels 1 to 4.", "write `1: ...`, `2: ...`, `3: ...`, `4: ...` below it.");
                continue;
            }

            var texts = new string[4];
            foreach (var (levelKey, levelText) in levels.Children)
            {
                var level = (levelKey as YamlScalarNode)?.Value;
                if (level is not ("1" or "2" or "3" or "4"))
                {
                    log.Error(YamlFields.Line(levelKey), YamlFields.Column(levelKey), $"'{level}' is not a rubric level.", "use the levels 1, 2, 3 and 4.");
                    continue;
                }

                if (levelText is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
                {
                    log.Error(YamlFields.Line(levelText), YamlFields.Column(levelText), $"level {level} of '{signal}' has no text.", "describe what the interviewer would observe at this level.");
                    continue;
                }

                texts[int.Parse(level, CultureInfo.InvariantCulture) - 1] = text.Trim();
            }

            for (var i = 0; i < 4; i++)
            {
                if (texts[i] is null && !levels.Children.Any(c => (c.Key as YamlScalarNode)?.Value == $"{i + 1}"))
                {
                    log.Error(YamlFields.Line(levels), YamlFields.Column(levels), $"the rubric for '{signal}' has no level {i + 1}.", $"add `{i + 1}: ...` describing that level.");
                }
            }

            rows.Add(new RubricRow(signal, texts));
        }

        foreach (var missing in signals.Where(s => rows.All(r => r.Signal != s) && mapping.Children.All(c => (c.Key as YamlScalarNode)?.Value != s)))
        {
            log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), $"the rubric does not rate '{missing}'.", $"add '{missing}' with levels 1 to 4, or remove it from 'signals'.");
        }

        return rows;
    }

    private static List<string> ReadTexts(YamlFields fields, ProblemLog log, string key)
    {
        var texts = new List<string>();
        if (fields.Get(key) is not { } node)
        {
            return texts;
        }

        if (node is not YamlSequenceNode sequence)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{key}' must be a list of texts.", "write each item on its own line starting with '- '.");
            return texts;
        }

        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
            {
                texts.Add(text.Trim());
            }
            else
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), $"an item of '{key}' is empty or not text.", "write the text after '- ', or remove the item.");
            }
        }

        return texts;
    }

    private static QuestionTests? ReadTests(YamlFields fields, ProblemLog log, IReadOnlyList<string> languages, string? kind)
    {
        if (fields.Get("tests") is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), "'tests' must have language, setup and cases.", "see docs/question-format.md for an example.");
            return null;
        }

        var tests = new YamlFields(mapping, log, "The tests");
        var language = tests.Text("language", required: true, "python");
        if (language is not null && language != Testing.QuestionTestProgram.Language)
        {
            var at = tests.Get("language")!;
            log.Error(YamlFields.Line(at), YamlFields.Column(at), $"the tests are in '{language}', but tests can only be written in Python so far (they call the candidate's functions).", "write the tests in python (language: python).");
        }
        else if (language is not null && !languages.Contains(language))
        {
            var at = tests.Get("language")!;
            log.Error(YamlFields.Line(at), YamlFields.Column(at), $"the tests are in '{language}', which is not one of the question's languages.", $"add '{language}' to 'languages' or write the tests in one of {string.Join(", ", languages)}.");
        }

        var setup = tests.Text("setup", required: false, "import numpy as np") ?? "";
        var checkSetup = tests.Text("check_setup", required: false, "def same(a, b): ...") ?? "";
        var cases = new List<TestCase>();
        if (tests.Get("cases") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), "the tests have no cases.", "add `cases:` with items that have name, call and expected (or check).");
        }
        else
        {
            foreach (var item in list)
            {
                if (ReadCase(item, log, cases.Count + 1) is { } testCase)
                {
                    cases.Add(testCase);
                }
            }
        }

        tests.RejectUnknownKeys();
        _ = kind;
        return language is null ? null : new QuestionTests(language, setup, cases) { CheckSetup = checkSetup };
    }

    private static TestCase? ReadCase(YamlNode item, ProblemLog log, int number)
    {
        if (item is not YamlMappingNode mapping)
        {
            log.Error(YamlFields.Line(item), YamlFields.Column(item), $"test case {number} must have name, call and expected (or check).", "write it as `- name: ...` with `call:` and `expected:` below.");
            return null;
        }

        var fields = new YamlFields(mapping, log, $"Test case {number}");
        var name = fields.Name("name", required: true, "two separated blobs");
        var call = fields.Text("call", required: true, "softmax(np.array([1.0, 2.0]))");
        var visibleNode = fields.Get("visible");
        var visible = visibleNode is YamlScalarNode { Value: "true" };
        if (visibleNode is not null && visibleNode is not YamlScalarNode { Value: "true" or "false" })
        {
            log.Error(YamlFields.Line(visibleNode), YamlFields.Column(visibleNode), "'visible' must be true or false.", "write `visible: true` for a case the candidate may see, or leave it out.");
        }

        var expected = fields.Get("expected");
        var check = fields.Text("check", required: false, "result.shape == (4,)");
        var toleranceNode = fields.Get("tolerance");
        double? tolerance = null;
        if (toleranceNode is not null)
        {
            if (toleranceNode is YamlScalarNode { Value: { } t } && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                tolerance = value;
            }
            else
            {
                log.Error(YamlFields.Line(toleranceNode), YamlFields.Column(toleranceNode), "'tolerance' must be a number of at least 0.", "write it like `tolerance: 1e-6`.");
            }
        }

        fields.RejectUnknownKeys();
        if ((expected is null) == (check is null))
        {
            log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), $"test case {number} needs either 'expected' or 'check', not {(expected is null ? "neither" : "both")}.", "give the expected value, or a check on `result` that is true when the answer is right.");
            return null;
        }

        if (tolerance is not null && expected is null)
        {
            log.Error(YamlFields.Line(toleranceNode!), YamlFields.Column(toleranceNode!), "'tolerance' only applies to 'expected'.", "remove it, or compare inside the check.");
        }

        return name is null || call is null ? null : new TestCase(name, visible, call, expected is null ? null : YamlJson.Convert(expected)?.ToJsonString() ?? "null", tolerance, check);
    }

    private static Dictionary<string, string> CodeByLanguage(Section? section, ProblemLog log, IReadOnlyList<string> languages, string what)
    {
        var code = new Dictionary<string, string>();
        if (section is null)
        {
            return code;
        }

        foreach (var (language, text, line) in section.Code)
        {
            if (!languages.Contains(language))
            {
                log.Error(line, 1, $"the {what} is in '{(language.Length == 0 ? "no language" : language)}', which the question does not allow.", $"label the code block with one of {(languages.Count == 0 ? "the languages you add to 'languages'" : string.Join(", ", languages))} (```python), or add the language to 'languages'.");
                continue;
            }

            if (!code.TryAdd(language, text))
            {
                log.Error(line, 1, $"the {what} has two blocks in '{language}'.", "keep one block per language.");
            }
        }

        return code;
    }
}
