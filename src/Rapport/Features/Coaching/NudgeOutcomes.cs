using System.Text.Json.Serialization;
using Rapport.Features.Rooms;

namespace Rapport.Features.Coaching;

[JsonConverter(typeof(JsonStringEnumConverter<NudgeFollowed>))]
public enum NudgeFollowed
{
    /// <summary>The panel did what it suggested, in time.</summary>
    Yes,

    No,

    /// <summary>A hint nudge the candidate made unnecessary by moving on by themselves.</summary>
    NotNeeded,
}

/// <summary>A nudge the panel was shown, whether someone put it away, and whether it was followed.</summary>
public sealed record NudgeOutcome(string Kind, string Says, DateTimeOffset At, long Moment, bool Dismissed, NudgeFollowed Followed);

/// <summary>
/// What came of each live nudge, read from the log: a hint nudge is followed by a hint for that
/// question before the candidate's next progress (or made unnecessary by it); a section or
/// "questions squeezed" nudge by moving on (to the candidate's questions, for the second) within
/// <see cref="CoachingThresholds.FollowWithin"/>; an overrun nudge by ending within the grace.
/// </summary>
public static class NudgeOutcomes
{
    public static IReadOnlyList<NudgeOutcome> Read(RoomTimeline timeline, IReadOnlyList<(Kits.Format.KitSection Section, int Minutes)> agenda, DateTimeOffset plannedEnd)
    {
        var events = timeline.Events;
        var dismissed = events.Select(e => e.Payload).OfType<NudgeDismissed>().Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var outcomes = new List<NudgeOutcome>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Payload is not NudgeShown nudge)
            {
                continue;
            }

            var at = events[i].Entry.At;
            var later = events.Skip(i + 1).ToList();
            var followed = nudge.Kind switch
            {
                NudgeRules.HintAvailable => HintFollowed(nudge, later),
                NudgeRules.SectionOver => Moved(later, at, _ => true),
                NudgeRules.QuestionsSqueezed => Moved(later, at, index => agenda.ElementAtOrDefault(index).Section?.Kind == Questions.Format.BankVocabulary.CandidateQuestionsSection),
                NudgeRules.OverrunSoon => timeline.End <= plannedEnd + CoachingThresholds.OverrunGrace ? NudgeFollowed.Yes : NudgeFollowed.No,
                _ => NudgeFollowed.No,
            };
            outcomes.Add(new NudgeOutcome(nudge.Kind, nudge.Says, at, events[i].Entry.Sequence, dismissed.Contains(nudge.Key), followed));
        }

        return outcomes;
    }

    private static NudgeFollowed HintFollowed(NudgeShown nudge, List<LoggedEvent> later)
    {
        // The key is hint-available:QUESTION:STEP:SINCE; question ids are words without colons (the bank's rule).
        var question = nudge.Key.Split(':')[1];
        foreach (var e in later)
        {
            switch (e.Payload)
            {
                case HintRevealed hint when hint.QuestionId == question:
                    return NudgeFollowed.Yes;
                case PadUpdated { By: RoomActor.Candidate }:
                case CodeRunStarted:
                    return NudgeFollowed.NotNeeded;
                case SectionChanged or QuestionChosen:
                    return NudgeFollowed.No;
            }
        }

        return NudgeFollowed.No;
    }

    private static NudgeFollowed Moved(List<LoggedEvent> later, DateTimeOffset at, Func<int, bool> to) =>
        later.Any(e => e.Entry.At <= at + CoachingThresholds.FollowWithin && e.Payload is SectionChanged change && to(change.SectionIndex))
            ? NudgeFollowed.Yes
            : NudgeFollowed.No;
}
