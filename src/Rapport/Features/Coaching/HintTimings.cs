using Rapport.Features.Kits.Format;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;

namespace Rapport.Features.Coaching;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<HintTiming>))]
public enum HintTiming
{
    /// <summary>Given while the candidate was still moving: less than half the ladder's time without progress.</summary>
    Early,

    WellTimed,

    /// <summary>Given after more than <see cref="CoachingThresholds.LateFactor"/> times the ladder's time without progress.</summary>
    Late,
}

/// <summary>One hint as given: how long the candidate had been without progress, against when its ladder says it is due.</summary>
public sealed record GivenHint(string QuestionId, int Step, DateTimeOffset At, long Moment, TimeSpan WithoutProgress, TimeSpan DueAfter, HintTiming Timing);

/// <summary>
/// A stretch without progress, with a hint still on the ladder, that ran past
/// <see cref="CoachingThresholds.LateFactor"/> times the next hint's time and ended without it.
/// <see cref="Moment"/> is where it began, for the replay.
/// </summary>
public sealed record MissedChance(string QuestionId, int NextStep, DateTimeOffset From, TimeSpan Lasted, long Moment);

public sealed record HintReading(IReadOnlyList<GivenHint> Given, IReadOnlyList<MissedChance> Missed, int Available);

/// <summary>
/// When hints came against the candidate's stretches without progress. Progress is the candidate
/// writing in the pad or anyone running code; a new question, a new section, a hint, or the
/// candidate (re)joining starts the clock again; leaving, an interruption, a question with no
/// hint left, or a section without a question stops it.
/// </summary>
public static class HintTimings
{
    public static HintReading Read(RoomTimeline timeline, KitDocument? kit, IReadOnlyDictionary<string, QuestionDocument> questions)
    {
        var given = new List<GivenHint>();
        var missed = new List<MissedChance>();
        var revealed = new HashSet<(string, int)>();
        var chosen = new Dictionary<int, string>();
        int? section = null;
        var candidatePresent = false;
        (DateTimeOffset At, long Moment)? clock = null;

        string? Current() =>
            section is { } index && chosen.TryGetValue(index, out var id) && questions.ContainsKey(id)
            && (kit is null || BankVocabulary.QuestionSectionKinds.Contains(kit.Sections.ElementAtOrDefault(index)?.Kind ?? ""))
                ? id : null;

        Hint? NextHint(string questionId) =>
            questions[questionId].Interviewer.Hints.OrderBy(h => h.Step).FirstOrDefault(h => !revealed.Contains((questionId, h.Step)));

        // Ends the running stretch at `at` (or at an interruption inside it) and records it if it was a missed chance.
        void Stop(DateTimeOffset at)
        {
            if (clock is not { } started || Current() is not { } questionId || NextHint(questionId) is not { } next)
            {
                clock = null;
                return;
            }

            var end = timeline.FirstInterruptionWithin(started.At, at)?.From ?? at;
            var lasted = end - started.At;
            if (lasted > CoachingThresholds.StuckBefore(next) * CoachingThresholds.LateFactor)
            {
                missed.Add(new MissedChance(questionId, next.Step, started.At, lasted, started.Moment));
            }

            clock = null;
        }

        void Restart(LoggedEvent e)
        {
            clock = candidatePresent && Current() is { } id && NextHint(id) is not null ? (e.Entry.At, e.Entry.Sequence) : null;
        }

        foreach (var e in timeline.Events.Where(e => e.Entry.At <= timeline.End))
        {
            // An interruption between the stretch's start and this event ends the stretch where the room stopped.
            if (clock is { } running && timeline.FirstInterruptionWithin(running.At, e.Entry.At) is not null)
            {
                Stop(e.Entry.At);
            }

            switch (e.Payload)
            {
                case ParticipantJoined { Role: RoomActor.Candidate }:
                    Stop(e.Entry.At);
                    candidatePresent = true;
                    Restart(e);
                    break;
                case ParticipantLeft { Role: RoomActor.Candidate }:
                    Stop(e.Entry.At);
                    candidatePresent = false;
                    break;
                case SectionChanged change:
                    Stop(e.Entry.At);
                    section = change.SectionIndex;
                    Restart(e);
                    break;
                case QuestionChosen question:
                    Stop(e.Entry.At);
                    chosen[question.SectionIndex] = question.QuestionId;
                    section ??= question.SectionIndex;
                    Restart(e);
                    break;
                case HintRevealed hint:
                    var ladder = questions.GetValueOrDefault(hint.QuestionId)?.Interviewer.Hints.FirstOrDefault(h => h.Step == hint.Step);
                    var due = CoachingThresholds.StuckBefore(ladder);
                    var stuck = clock is { } since && Current() == hint.QuestionId ? e.Entry.At - since.At : TimeSpan.Zero;
                    var timing = stuck < due / 2 ? HintTiming.Early : stuck > due * CoachingThresholds.LateFactor ? HintTiming.Late : HintTiming.WellTimed;
                    given.Add(new GivenHint(hint.QuestionId, hint.Step, e.Entry.At, e.Entry.Sequence, stuck, due, timing));
                    clock = null;
                    revealed.Add((hint.QuestionId, hint.Step));
                    Restart(e);
                    break;
                case PadUpdated { By: RoomActor.Candidate }:
                case CodeRunStarted:
                    Stop(e.Entry.At);
                    Restart(e);
                    break;
            }
        }

        Stop(timeline.End);
        var available = chosen.Values.Distinct().Where(questions.ContainsKey).Sum(id => questions[id].Interviewer.Hints.Count);
        return new HintReading(given, missed, available);
    }
}
