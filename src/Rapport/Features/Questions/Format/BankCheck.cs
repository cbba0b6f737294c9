using Rapport.Features.Kits.Format;

namespace Rapport.Features.Questions.Format;

/// <summary>A bank file by its path inside the bank folder (forward slashes), with its text.</summary>
public sealed record BankFile(string Path, string Text)
{
    public string Stem => System.IO.Path.GetFileNameWithoutExtension(Path);
}

public sealed record ParsedQuestion(QuestionDocument Document, BankFile File);

public sealed record ParsedKit(KitDocument Document, BankFile File);

/// <summary>A whole bank that passed every check.</summary>
public sealed record Bank(SignalCatalog Signals, BankFile? SignalsFile, IReadOnlyList<ParsedQuestion> Questions, IReadOnlyList<ParsedKit> Kits)
{
    public ParsedQuestion? Question(string id) => Questions.FirstOrDefault(q => q.Document.Id == id);
}

public sealed record BankReading(Bank? Bank, IReadOnlyList<BankProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);
}

/// <summary>Checks a bank as a whole: each file, then what files say about each other.</summary>
public static class BankCheck
{
    public static BankReading Check(IReadOnlyList<BankFile> files, IReadOnlyList<BankProblem>? earlier = null)
    {
        var problems = new List<BankProblem>(earlier ?? []);
        var signalsFile = files.FirstOrDefault(f => f.Path == SignalCatalog.FileName);
        var signalsLog = new ProblemLog(signalsFile?.Path ?? SignalCatalog.FileName);
        var catalog = SignalCatalog.Parse(signalsFile?.Text ?? SignalCatalog.DefaultSource(), signalsLog);
        problems.AddRange(signalsLog.Problems);
        if (catalog is null)
        {
            return new BankReading(null, problems);
        }

        var questions = new List<ParsedQuestion>();
        var broken = new HashSet<string>();
        foreach (var file in files.Where(f => f.Path.StartsWith("questions/", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var log = new ProblemLog(file.Path);
            var question = QuestionParser.Parse(file.Text, log, catalog, file.Stem);
            problems.AddRange(log.Problems);
            if (question is null)
            {
                broken.Add(file.Stem);
                continue;
            }

            if (questions.FirstOrDefault(q => q.Document.Id == question.Id) is { } first)
            {
                problems.Add(new BankProblem(file.Path, 2, 1, Severity.Error, $"the question id '{question.Id}' is also used by {first.File.Path}.", "give each question its own id (and file name)."));
                continue;
            }

            questions.Add(new ParsedQuestion(question, file));
        }

        var kits = new List<ParsedKit>();
        foreach (var file in files.Where(f => f.Path.StartsWith("kits/", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var log = new ProblemLog(file.Path);
            var kit = KitParser.Parse(file.Text, log, catalog, file.Stem);
            if (kit is not null)
            {
                CheckKitAgainstQuestions(kit, questions, broken, log);
                if (kits.FirstOrDefault(k => k.Document.Id == kit.Id) is { } first)
                {
                    log.Error(1, 1, $"the kit id '{kit.Id}' is also used by {first.File.Path}.", "give each kit its own id (and file name).");
                }
            }

            problems.AddRange(log.Problems);
            if (kit is not null && !log.HasErrors)
            {
                kits.Add(new ParsedKit(kit, file));
            }
        }

        var reading = new BankReading(null, problems);
        return reading.HasErrors ? reading : reading with { Bank = new Bank(catalog, signalsFile, questions, kits) };
    }

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
