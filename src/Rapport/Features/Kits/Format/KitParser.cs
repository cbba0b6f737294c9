using System.Globalization;
using Rapport.Features.Questions.Format;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Kits.Format;

/// <summary>Reads one kit file (YAML). Checks against the questions happen in <see cref="BankCheck"/>.</summary>
public static class KitParser
{
    public static KitDocument? Parse(string text, ProblemLog log, SignalCatalog catalog, string? expectedId = null)
    {
        var root = YamlText.ParseMapping(text, log, "the kit");
        if (root is null)
        {
            return null;
        }

        var fields = new YamlFields(root, log, "The kit");
        var id = fields.Text("id", required: true, "mle-coding-screen");
        if (id is not null && (!BankVocabulary.IsId(id) || (expectedId is not null && id != expectedId)))
        {
            var node = fields.Get("id")!;
            log.Error(YamlFields.Line(node), YamlFields.Column(node), BankVocabulary.IsId(id) ? $"the id '{id}' does not match the file name '{expectedId}.yaml'." : $"'{id}' is not a valid kit id.", BankVocabulary.IsId(id) ? $"rename the file to {id}.yaml or change the id." : "use lower-case letters, digits and single hyphens.");
        }

        var title = fields.Name("title", required: true, "MLE coding screen");
        var role = fields.Name("role", required: true, "Machine Learning Engineer");
        var level = fields.Text("level", required: true, "mid");
        if (level is not null && !BankVocabulary.Levels.Contains(level))
        {
            var node = fields.Get("level")!;
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{level}' is not a level.", $"use one of {string.Join(", ", BankVocabulary.Levels)}.");
        }

        var duration = fields.WholeNumber("duration", required: true, 10, 240, "minutes");
        var languages = fields.Words("languages", required: true, BankVocabulary.Languages, allowEmpty: true);
        var signals = fields.Words("signals", required: true, allowed: null);
        foreach (var (signal, node) in signals.Where(s => !catalog.Contains(s.Value)))
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{signal}' is not a signal of this bank.", $"use one of {string.Join(", ", catalog.Signals.Select(s => s.Id))}.");
        }

        var sections = ReadSections(fields, log);
        fields.RejectUnknownKeys();
        if (duration is { } total && sections.Count > 0)
        {
            var sum = sections.Sum(s => s.Minutes);
            if (sum != total)
            {
                var node = fields.Get("duration")!;
                log.Error(YamlFields.Line(node), YamlFields.Column(node), $"the sections take {sum} minutes but the kit lasts {total}.", $"make the section minutes add up to {total}, or set `duration: {sum}`.");
            }
        }

        var theirs = sections.Where(s => s.Kind == BankVocabulary.CandidateQuestionsSection).Sum(s => s.Minutes);
        if (sections.Count > 0 && theirs < BankVocabulary.MinCandidateQuestionsMinutes)
        {
            log.Error(YamlFields.Line(root), YamlFields.Column(root), theirs == 0 ? "the kit leaves no time for the candidate's own questions." : $"the kit leaves only {theirs} minutes for the candidate's own questions.", $"add a section `kind: candidate-questions` of at least {BankVocabulary.MinCandidateQuestionsMinutes} minutes; candidates judge the team by it.");
        }

        return log.HasErrors ? null : new KitDocument(id!, title!, role!, level!, duration!.Value, [.. languages.Select(l => l.Value)], [.. signals.Select(s => s.Value)], sections, YamlFields.Line(fields.Get("signals")!));
    }

    private static List<KitSection> ReadSections(YamlFields fields, ProblemLog log)
    {
        var sections = new List<KitSection>();
        var node = fields.Get("sections");
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            var at = node ?? fields.Node;
            log.Error(YamlFields.Line(at), YamlFields.Column(at), "the kit has no sections.", "add `sections:` with items of kind, minutes and (for questions) questions.");
            return sections;
        }

        foreach (var item in list)
        {
            if (item is not YamlMappingNode mapping)
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), "a section must have kind and minutes.", "write it as `- kind: main-problem` with `minutes: 30` below.");
                continue;
            }

            var section = new YamlFields(mapping, log, $"Section {sections.Count + 1}");
            var kind = section.Text("kind", required: true, "main-problem");
            if (kind is not null && !BankVocabulary.SectionKinds.Contains(kind))
            {
                var at = section.Get("kind")!;
                log.Error(YamlFields.Line(at), YamlFields.Column(at), $"'{kind}' is not a kind of section.", $"use one of {string.Join(", ", BankVocabulary.SectionKinds)}.");
                kind = null;
            }

            var title = section.Name("title", required: false, "Warm-up");
            var minutes = section.WholeNumber("minutes", required: true, 1, 180, "minutes");
            var questions = section.Words("questions", required: false, allowed: null);
            section.RejectUnknownKeys();
            if (kind is not null && questions.Count > 0 && !BankVocabulary.QuestionSectionKinds.Contains(kind))
            {
                log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), $"a '{kind}' section does not take questions.", $"move the questions to a {string.Join(" or ", BankVocabulary.QuestionSectionKinds)} section.");
            }

            if (kind is not null && BankVocabulary.QuestionSectionKinds.Contains(kind) && questions.Count == 0)
            {
                log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), $"the '{kind}' section has no question.", "list the question id under `questions:` (several ids are alternatives the interviewer chooses from).");
            }

            if (kind is not null && minutes is not null)
            {
                sections.Add(new KitSection(kind, title ?? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(kind.Replace('-', ' ')), minutes.Value, [.. questions.Select(q => q.Value)], YamlFields.Line(mapping)));
            }
        }

        return sections;
    }
}
