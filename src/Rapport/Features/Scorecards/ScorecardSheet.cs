using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Rooms;

namespace Rapport.Features.Scorecards;

/// <summary>One line of the sheet: a signal of a question asked (or of the whole interview), with the four levels' text.</summary>
/// <param name="Question">The question's id, or <see cref="ScorecardSheet.WholeInterview"/>.</param>
/// <param name="QuestionTitle">Its title, or "The whole interview".</param>
/// <param name="Signal">The signal's id.</param>
/// <param name="SignalName">The signal's name for people.</param>
/// <param name="SignalDescription">What the signal means, from the signal set.</param>
/// <param name="Levels">The rubric's text for levels 1 to 4, level 1 first.</param>
public sealed record SheetRow(string Question, string QuestionTitle, string Signal, string SignalName, string SignalDescription, IReadOnlyList<string> Levels);

/// <summary>One of the interviewer's own notes from the room, with the moment it opens in the replay.</summary>
public sealed record SheetNote(long Sequence, DateTimeOffset At, string Text, string? Signal);

/// <summary>A hint the candidate was shown: beside the ratings for everyone to see, never deducted silently.</summary>
public sealed record SheetHint(long Sequence, DateTimeOffset At, string Question, int Step, string Text);

/// <summary>
/// What a scorecard rates, read from what the interview actually did: a line per signal of each
/// question asked (its rubric beside it), then the kit's signals no question asked covered (as
/// the whole interview's). With it, the interviewer's own notes (their signal tags fill the
/// right line) and the hints revealed, from the room's log.
/// </summary>
public sealed record ScorecardSheet(IReadOnlyList<SheetRow> Rows, IReadOnlyList<SheetNote> Notes, IReadOnlyList<SheetHint> Hints, long LastMoment)
{
    /// <summary>The question key of a signal rated for the interview as a whole (Insights stores it as this question id).</summary>
    public const string WholeInterview = "whole-interview";

    /// <summary>The levels of a signal no question's rubric describes: the scale in words.</summary>
    public static readonly IReadOnlyList<string> GeneralLevels =
    [
        "Did not show this, or showed the opposite, even with help.",
        "Showed some of it, with gaps or with a lot of help.",
        "Showed it clearly, as the level expects.",
        "Showed it strongly, beyond what the level expects.",
    ];

    public SheetRow? Find(string? question, string? signal) =>
        Rows.FirstOrDefault(r => r.Question == question && r.Signal == signal);

    public static async Task<ScorecardSheet> BuildAsync(AppDbContext db, Guid interviewId, string interviewerId, CancellationToken ct)
    {
        var material = await InterviewMaterial.LoadAsync(db, interviewId, ct);
        var events = await db.RoomEvents.AsNoTracking()
            .OfTypes(interviewId, "question-chosen", "hint-revealed", "note-added")
            .Select(e => new { e.Sequence, e.At, e.Type, e.Payload, e.ActorId })
            .ToListAsync(ct);
        events.Sort((x, y) => x.Sequence.CompareTo(y.Sequence));  // here, not in SQL (see OfTypes)
        var lastMoment = await db.RoomEvents.Where(e => e.InterviewId == interviewId).MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

        var asked = new List<string>();
        var notes = new List<SheetNote>();
        var hints = new List<SheetHint>();
        foreach (var e in events)
        {
            switch (RoomEventPayload.Deserialize(e.Type, e.Payload))
            {
                case QuestionChosen chosen when !asked.Contains(chosen.QuestionId):
                    asked.Add(chosen.QuestionId);
                    break;
                case HintRevealed hint:
                    hints.Add(new SheetHint(e.Sequence, e.At, hint.QuestionId, hint.Step, hint.Text));
                    break;
                case NoteAdded note when e.ActorId == interviewerId:
                    notes.Add(new SheetNote(e.Sequence, e.At, note.Text, note.Signal));
                    break;
            }
        }

        var rows = new List<SheetRow>();
        foreach (var id in asked)
        {
            if (!material.Questions.TryGetValue(id, out var pinned))
            {
                continue;
            }

            foreach (var rubric in pinned.Question.Interviewer.Rubric)
            {
                var signal = material.Signals.Find(rubric.Signal) ?? pinned.Question.DeclaredSignals.FirstOrDefault(s => s.Id == rubric.Signal);
                rows.Add(new SheetRow(id, pinned.Question.Title, rubric.Signal, signal?.Name ?? rubric.Signal, signal?.Description ?? "", rubric.Levels));
            }
        }

        // The kit's signals that no question asked covered, and with no kit, every signal of the set.
        var wanted = material.Kit?.Signals ?? [.. material.Signals.Signals.Select(s => s.Id)];
        foreach (var id in wanted.Where(id => rows.All(r => r.Signal != id)))
        {
            var signal = material.Signals.Find(id);
            rows.Add(new SheetRow(WholeInterview, "The whole interview", id, signal?.Name ?? id, signal?.Description ?? "", GeneralLevels));
        }

        return new ScorecardSheet(rows, notes, hints, lastMoment);
    }
}
