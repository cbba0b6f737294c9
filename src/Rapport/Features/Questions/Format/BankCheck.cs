using Rapport.Features.Kits.Format;

namespace Rapport.Features.Questions.Format;

/// <summary>A bank file by its path inside the bank folder (forward slashes), with its text.</summary>
public sealed record BankFile(string Path, string Text)
{
    public string Stem => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The stored version this text is, when it comes from the database: its parse can be kept (<see cref="ParsedVersions"/>).</summary>
    public Guid? Version { get; init; }
}

public sealed record ParsedQuestion(QuestionDocument Document, BankFile File)
{
    private readonly Lazy<CandidateQuestionView> candidateView = new(() => CandidateQuestionView.From(Document.Candidate));
    private readonly Lazy<string> notesHtml = new(() => MarkdownHtml.Render(Document.Interviewer.NotesMarkdown));

    /// <summary>What the candidate sees, rendered on first use: once per version, as the parse is kept.</summary>
    public CandidateQuestionView CandidateView => candidateView.Value;

    /// <summary>The interviewer notes as HTML, rendered on first use.</summary>
    public string NotesHtml => notesHtml.Value;
}

public sealed record ParsedKit(KitDocument Document, BankFile File);

/// <summary>One file read on its own, before what files say about each other: its document (null on errors) and its problems.</summary>
public sealed record FileReading<T>(T? Document, IReadOnlyList<BankProblem> Problems)
    where T : class;

/// <summary>A whole bank that passed every check.</summary>
public sealed record Bank(SignalCatalog Signals, BankFile? SignalsFile, IReadOnlyList<ParsedQuestion> Questions, IReadOnlyList<ParsedKit> Kits)
{
    /// <summary>The bank's own language-check list, or null when it has none (Rapport's own list applies: docs/language-check.md).</summary>
    public LanguageCheckList? LanguageCheck { get; init; }

    public BankFile? LanguageCheckFile { get; init; }

    public ParsedQuestion? Question(string id) => Questions.FirstOrDefault(q => q.Document.Id == id);
}

public sealed record BankReading(Bank? Bank, IReadOnlyList<BankProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);
}

/// <summary>Checks a bank as a whole: each file, then what files say about each other.</summary>
public static class BankCheck
{
    // The built-in signal set never changes while Rapport runs: read it once.
    private static readonly Lazy<FileReading<SignalCatalog>> DefaultSignals = new(() => ReadSignals(new BankFile(SignalCatalog.FileName, SignalCatalog.DefaultSource())));

    /// <summary>
    /// Checks a bank. With <paramref name="kept"/>, files that are stored versions are parsed once
    /// and their parse kept; the checks between files run every time (they are cheap).
    /// </summary>
    public static BankReading Check(IReadOnlyList<BankFile> files, IReadOnlyList<BankProblem>? earlier = null, ParsedVersions? kept = null)
    {
        var problems = new List<BankProblem>(earlier ?? []);
        // A path export could not write inside its folder is refused before anything reads the file.
        var refused = files.Where(f => BankPath.Problem(f.Path) is not null).ToList();
        problems.AddRange(refused.Select(f => new BankProblem(f.Path, 1, 1, Severity.Error, BankPath.Problem(f.Path)!, BankPath.Fix)));
        files = [.. files.Except(refused)];
        // The language-check list stands alone: nothing else in the bank refers to it.
        var languageFile = files.FirstOrDefault(f => f.Path == LanguageCheckList.FileName);
        var language = languageFile is null ? null : Read(kept, languageFile, Guid.Empty, ReadLanguageCheck);
        problems.AddRange(language?.Problems ?? []);
        var signalsFile = files.FirstOrDefault(f => f.Path == SignalCatalog.FileName);
        var signals = signalsFile is null ? DefaultSignals.Value : Read(kept, signalsFile, Guid.Empty, ReadSignals);
        problems.AddRange(signals.Problems);
        if (signals.Document is not { } catalog)
        {
            return new BankReading(null, problems);
        }

        // What a question or kit says about signals is checked against this set: its parse is kept
        // under the set's version too (the built-in set has none: Guid.Empty).
        var against = signalsFile is null ? Guid.Empty : signalsFile.Version;
        var questions = new List<ParsedQuestion>();
        var broken = new HashSet<string>();
        foreach (var file in files.Where(f => f.Path.StartsWith("questions/", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var reading = Read(kept, file, against, f => ReadQuestion(f, catalog));
            problems.AddRange(reading.Problems);
            if (reading.Document is not { } question)
            {
                broken.Add(file.Stem);
                continue;
            }

            if (questions.FirstOrDefault(q => q.Document.Id == question.Document.Id) is { } first)
            {
                problems.Add(new BankProblem(file.Path, 2, 1, Severity.Error, $"the question id '{question.Document.Id}' is also used by {first.File.Path}.", "give each question its own id (and file name)."));
                continue;
            }

            questions.Add(question);
        }

        var kits = new List<ParsedKit>();
        foreach (var file in files.Where(f => f.Path.StartsWith("kits/", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var reading = Read(kept, file, against, f => ReadKit(f, catalog));
            var log = new ProblemLog(file.Path);
            log.AddRange(reading.Problems);
            if (reading.Document is { } kit)
            {
                CheckKitAgainstQuestions(kit.Document, questions, broken, log);
                if (kits.FirstOrDefault(k => k.Document.Id == kit.Document.Id) is { } first)
                {
                    log.Error(1, 1, $"the kit id '{kit.Document.Id}' is also used by {first.File.Path}.", "give each kit its own id (and file name).");
                }
            }

            problems.AddRange(log.Problems);
            if (reading.Document is not null && !log.HasErrors)
            {
                kits.Add(reading.Document);
            }
        }

        var all = new BankReading(null, problems);
        return all.HasErrors ? all : all with { Bank = new Bank(catalog, signalsFile, questions, kits) { LanguageCheck = language?.Document, LanguageCheckFile = languageFile } };
    }

    public static FileReading<SignalCatalog> ReadSignals(BankFile file)
    {
        var log = new ProblemLog(file.Path);
        var catalog = SignalCatalog.Parse(file.Text, log);
        return new FileReading<SignalCatalog>(catalog, log.Problems);
    }

    public static FileReading<LanguageCheckList> ReadLanguageCheck(BankFile file)
    {
        var log = new ProblemLog(file.Path);
        var list = LanguageCheckList.Parse(file.Text, log);
        return new FileReading<LanguageCheckList>(list, log.Problems);
    }

    public static FileReading<ParsedQuestion> ReadQuestion(BankFile file, SignalCatalog catalog)
    {
        var log = new ProblemLog(file.Path);
        var question = QuestionParser.Parse(file.Text, log, catalog, file.Stem);
        return new FileReading<ParsedQuestion>(question is null ? null : new ParsedQuestion(question, file), log.Problems);
    }

    public static FileReading<ParsedKit> ReadKit(BankFile file, SignalCatalog catalog)
    {
        var log = new ProblemLog(file.Path);
        var kit = KitParser.Parse(file.Text, log, catalog, file.Stem);
        return new FileReading<ParsedKit>(kit is null ? null : new ParsedKit(kit, file), log.Problems);
    }

    private static FileReading<T> Read<T>(ParsedVersions? kept, BankFile file, Guid? against, Func<BankFile, FileReading<T>> read)
        where T : class =>
        kept is null ? read(file) : kept.Read(file, against, read);

    // broken: questions whose own file has errors, reported there, so the kit does not repeat them.
    private static void CheckKitAgainstQuestions(KitDocument kit, IReadOnlyList<ParsedQuestion> questions, IReadOnlySet<string> broken, ProblemLog log)
    {
        var covered = new HashSet<string>();
        var unknown = false;
        if (kit.Sections.Any(s => s.Questions.Any(broken.Contains)))
        {
            return;
        }

        foreach (var section in kit.Sections.Where(s => s.Questions.Count > 0))
        {
            var chosen = new List<QuestionDocument>();
            foreach (var id in section.Questions)
            {
                var question = questions.FirstOrDefault(q => q.Document.Id == id)?.Document;
                if (question is null)
                {
                    log.Error(section.Line, 1, $"the section '{section.Title}' uses the question '{id}', which is not in the bank.", "correct the id, or add the question under questions/.");
                    unknown = true;
                    continue;
                }

                if (question.Languages.Count > 0 && kit.Languages.Count > 0 && !question.Languages.Intersect(kit.Languages).Any())
                {
                    log.Error(section.Line, 1, $"the question '{id}' is in {string.Join(", ", question.Languages)}, none of which the kit allows ({string.Join(", ", kit.Languages)}).", "choose another question or allow one of its languages in the kit.");
                }

                foreach (var language in question.Candidate.StarterCode.Keys.Except(kit.Languages))
                {
                    log.Warning(section.Line, 1, $"the question '{id}' has starter code in {language}, which this kit does not allow; the candidate will not be offered it.", $"add {language} to the kit's languages if it should be offered.");
                }

                chosen.Add(question);
            }

            // Alternatives: only what every one of them assesses is sure to be covered.
            if (chosen.Count > 0)
            {
                covered.UnionWith(chosen.Select(q => (IEnumerable<string>)q.Signals).Aggregate((a, b) => a.Intersect(b)));
            }
        }

        // A missing question may well cover the signal: its error is enough.
        foreach (var signal in kit.Signals.Where(s => !unknown && !covered.Contains(s)))
        {
            log.Error(kit.SignalsLine, 1, $"the kit must cover '{signal}', but no question in it assesses it (with alternatives, each of them must).", $"add a question that assesses '{signal}', or remove it from the kit's signals.");
        }
    }
}
