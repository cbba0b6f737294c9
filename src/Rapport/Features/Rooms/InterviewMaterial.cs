using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Kits.Format;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;

namespace Rapport.Features.Rooms;

public sealed record PinnedQuestion(QuestionDocument Question, int Version);

/// <summary>The kit and questions an interview pinned when it was planned, exactly as they were then.</summary>
public sealed record InterviewMaterial(KitDocument? Kit, IReadOnlyDictionary<string, PinnedQuestion> Questions, SignalCatalog Signals)
{
    public static async Task<InterviewMaterial> LoadAsync(AppDbContext db, Guid interviewId, CancellationToken ct)
    {
        var pinned = await db.InterviewBankPins.Where(p => p.InterviewId == interviewId)
            .Select(p => new { p.Version!.Document!.Kind, p.Version.Document.Key, p.Version.Document.Path, p.Version.Source, p.Version.Number })
            .ToListAsync(ct);
        var log = new ProblemLog("pinned");
        var signalsSource = pinned.FirstOrDefault(p => p.Kind == BankDocumentKind.Signals)?.Source ?? SignalCatalog.DefaultSource();
        var signals = SignalCatalog.Parse(signalsSource, log) ?? throw Broken(interviewId, log);
        var questions = new Dictionary<string, PinnedQuestion>();
        foreach (var question in pinned.Where(p => p.Kind == BankDocumentKind.Question))
        {
            var document = QuestionParser.Parse(question.Source, new ProblemLog(question.Path), signals) ?? throw Broken(interviewId, log);
            questions[document.Id] = new PinnedQuestion(document, question.Number);
        }

        var kitSource = pinned.FirstOrDefault(p => p.Kind == BankDocumentKind.Kit)?.Source;
        var kit = kitSource is null ? null : KitParser.Parse(kitSource, new ProblemLog("kit"), signals);
        return new InterviewMaterial(kit, questions, signals);
    }

    /// <summary>
    /// The versions the interview pinned, as one key: their ids in order, joined. Interviews with
    /// the same key have the same material.
    /// </summary>
    public static async Task<string> PinnedVersionsAsync(AppDbContext db, Guid interviewId, CancellationToken ct)
    {
        var versions = await db.InterviewBankPins.Where(p => p.InterviewId == interviewId).Select(p => p.VersionId).ToListAsync(ct);
        versions.Sort();
        return string.Join(',', versions);
    }

    /// <summary>Pinned versions passed every check when stored; failing now means the parser changed incompatibly.</summary>
    private static InvalidOperationException Broken(Guid interviewId, ProblemLog log) =>
        new($"The bank versions pinned by interview {interviewId} no longer parse: {string.Join("; ", log.Problems)}");
}
