using System.Text.Json;

namespace Rapport.Features.Rooms;

/// <summary>
/// What the replay says of each moment of a room's log, for the server-rendered page and the
/// player alike (the player receives these words with the moments, so both read the same).
/// </summary>
public static class ReplayMoments
{
    /// <summary>
    /// A quiet stretch longer than this is "idle": the page's "Skip the idle stretch" link and the
    /// player's "Skip idle stretches" both use it (the page hands it to the player).
    /// </summary>
    public static readonly TimeSpan IdleStretch = TimeSpan.FromSeconds(30);

    /// <summary>Every moment for the player: its sequence, when (ms from the start and the instant), the pad's change if it was an edit, and its words.</summary>
    public static string ForPlayer(IReadOnlyList<LoggedEvent> events)
    {
        var runs = Runs(events);
        return JsonSerializer.Serialize(events.Select(e => new
        {
            sequence = e.Entry.Sequence,
            at = (long)(e.Entry.At - events[0].Entry.At).TotalMilliseconds,
            time = e.Entry.At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            changes = e.Payload is PadUpdated pad ? (JsonElement?)pad.Changes : null,
            says = Describe(e, runs),
        }));
    }

    /// <summary>The runs of the log by id, so a run's end can be told as what was run.</summary>
    public static Dictionary<Guid, CodeRunStarted> Runs(IEnumerable<LoggedEvent> events) =>
        events.Select(e => e.Payload).OfType<CodeRunStarted>().GroupBy(r => r.RunId).ToDictionary(g => g.Key, g => g.First());

    /// <summary>The first moment after <paramref name="at"/> that follows a quiet stretch longer than <see cref="IdleStretch"/>, or the end.</summary>
    public static long NextActivity(IReadOnlyList<LoggedEvent> events, long at)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].Entry.Sequence > at && events[i].Entry.At - events[i - 1].Entry.At > IdleStretch)
            {
                return events[i].Entry.Sequence;
            }
        }

        return events[^1].Entry.Sequence;
    }

    public static string Describe(LoggedEvent item, IReadOnlyDictionary<Guid, CodeRunStarted> runs) => item.Payload switch
    {
        ParticipantJoined joined => $"{joined.Name} joined",
        ParticipantLeft left => $"{left.Name} left the room",
        SectionChanged section => $"Section: {section.Title}",
        QuestionChosen question => $"Question: {question.QuestionId} (version {question.QuestionVersion})",
        HintRevealed hint => $"Hint {hint.Step} on {hint.QuestionId}, after {hint.SecondsWithoutProgress:0} s without progress: {hint.Text}",
        NoteAdded note => $"Note by {note.Author}{(note.Signal is null ? "" : $" [{note.Signal}]")}: {note.Text}",
        SessionFact fact => $"Fact: {SessionFactWords.Of(fact.Kind)} {SessionFactWords.Detail(item.Entry.At, fact)}".TrimEnd(),
        SessionFactsNotStored counted => $"Facts counted but not stored (the room keeps {SessionFactTallies.MaxStoredPerRoom}): "
            + string.Join("; ", counted.Counts.Select(c => $"{SessionFactWords.Of(c.Kind)} {SessionFactWords.Times(c.Times)}")),
        NudgeShown nudge => $"Nudge to the panel: {nudge.Says}",
        NudgeDismissed dismissed => $"Nudge put away by {dismissed.By}",
        LeadTaken taken => $"{taken.Name} took the lead from the trainee",
        LeadHandedBack back => $"{back.Name} handed the lead back to the trainee",
        PadLanguageChanged language => $"Pad language: {PadLanguages.LabelOf(language.Language)} (switched by {language.By})",
        PadUpdated { By: RoomActor.System } => "Starter code loaded into the pad",
        PadUpdated pad => $"Pad edit by the {pad.By.ToString().ToLowerInvariant()}",
        CursorSampled cursor => $"Cursor of the {cursor.By.ToString().ToLowerInvariant()}",
        CodeRunStarted run => run.QuestionId is null
            ? $"{run.By} ran the code ({PadLanguages.LabelOf(run.Language)})"
            : $"{run.By} ran the tests of {run.QuestionId} ({PadLanguages.LabelOf(run.Language)})",
        CodeRunFinished run => Finished(run, runs.GetValueOrDefault(run.RunId)),
        _ => item.Entry.Type,
    };

    /// <summary>A run's end as the room showed it: the tests' tally for a test run, otherwise the verdict's own message.</summary>
    private static string Finished(CodeRunFinished run, CodeRunStarted? started)
    {
        var tests = started?.QuestionId is not null || run.Tests.Count > 0;
        if (!tests)
        {
            return $"Run: {run.Message}";
        }

        if (run.Tests.Count == 0)
        {
            return $"Run tests: {run.Message}";
        }

        var tally = $"Run tests: {run.Tests.Count(t => t.Passed)} of {run.Tests.Count} passed";
        // The tally says it all when the tests ran; a limit or a crash on the way adds its own words.
        return run.Verdict is "Ok" or "TestsFailed" ? tally : $"{tally}. {run.Message}";
    }
}
