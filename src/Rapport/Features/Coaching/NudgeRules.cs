using Rapport.Features.Interviews;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;

namespace Rapport.Features.Coaching;

/// <summary>
/// When the panel gets a quiet nudge, from where the room stands (its state, folded from the log),
/// the interview's plan and the time now. Each nudge has a key naming the one situation it is
/// about, so it is shown once. Pure; docs/coaching.md, "Live nudges", gives each rule.
/// </summary>
public static class NudgeRules
{
    public const string HintAvailable = "hint-available";
    public const string SectionOver = "section-over";
    public const string QuestionsSqueezed = "questions-squeezed";
    public const string OverrunSoon = "overrun-soon";

    /// <summary>The nudges due now that have not been shown yet; none once the interview ended, or before it started.</summary>
    public static IReadOnlyList<NudgeShown> Due(RoomState state, Interview interview, InterviewMaterial material, DateTimeOffset now)
    {
        // Started: the first section began, or (an interview without a kit has no sections) the candidate arrived.
        var begun = state.SectionIndex is not null || (material.Kit is null && state.CandidateArrivedAt is not null);
        if (interview.EndedAt is not null || interview.Status is InterviewStatus.Ended or InterviewStatus.Cancelled || !begun)
        {
            return [];
        }

        var index = state.SectionIndex ?? -1;

        var shown = state.Nudges.Select(n => n.Nudge.Key).ToHashSet(StringComparer.Ordinal);
        var agenda = interview.StretchedAgenda(material.Kit).ToList();
        var due = new List<NudgeShown>();
        if (index >= 0 && Hint(state, agenda, index, material, now) is { } hint)
        {
            due.Add(hint);
        }

        if (index >= 0 && agenda.ElementAtOrDefault(index) is ({ } section, var minutes) && state.SectionStartedAt is { } started && now >= started.AddMinutes(minutes))
        {
            var theirsToCome = agenda.Skip(index + 1).Any(a => a.Section.Kind == BankVocabulary.CandidateQuestionsSection);
            due.Add(new NudgeShown(
                $"{SectionOver}:{index}:{started.ToUnixTimeMilliseconds()}",
                SectionOver,
                $"\u201c{section.Title}\u201d has had its {minutes} min." + (theirsToCome ? " The candidate's questions are still to come." : "")));
        }

        var left = InterviewPlan.End(interview, state.CandidateArrivedAt) - now;
        var theirs = agenda.Select((a, i) => (a.Section, a.Minutes, Index: i)).Where(a => a.Section.Kind == BankVocabulary.CandidateQuestionsSection).ToList();
        if (theirs.Count > 0 && index < theirs.Min(t => t.Index))
        {
            var kept = TimeSpan.FromMinutes(theirs.Sum(t => t.Minutes));
            if (left <= kept + CoachingThresholds.SqueezeWarning)
            {
                due.Add(new NudgeShown(QuestionsSqueezed, QuestionsSqueezed, left >= kept
                    ? $"To keep the candidate's {ReportCards.Spoken(kept)} for their own questions, move on to them within {ReportCards.Spoken(left - kept)}."
                    : $"The candidate's own questions now have {ReportCards.Spoken(left > TimeSpan.Zero ? left : TimeSpan.Zero)} of the {ReportCards.Spoken(kept)} planned: move on to them soon."));
            }
        }

        if (left <= CoachingThresholds.OverrunWarning)
        {
            due.Add(new NudgeShown(OverrunSoon, OverrunSoon, left > TimeSpan.Zero
                ? $"The interview is planned to end in {ReportCards.Spoken(left)}."
                : "The interview has reached its planned end."));
        }

        return [.. due.Where(n => !shown.Contains(n.Key))];
    }

    /// <summary>The candidate, in the room, has gone without progress for as long as the next hint of the current question's ladder says.</summary>
    private static NudgeShown? Hint(RoomState state, List<(Kits.Format.KitSection Section, int Minutes)> agenda, int index, InterviewMaterial material, DateTimeOffset now)
    {
        if (!state.CandidatePresent || state.CandidateStuckSince is not { } since
            || (agenda.Count > 0 && !BankVocabulary.QuestionSectionKinds.Contains(agenda.ElementAtOrDefault(index).Section?.Kind ?? ""))
            || state.Chosen.FirstOrDefault(c => c.SectionIndex == index) is not { } chosen
            || material.Questions.GetValueOrDefault(chosen.QuestionId) is not { } pinned)
        {
            return null;
        }

        var given = state.Hints.Where(h => h.Hint.QuestionId == chosen.QuestionId).Select(h => h.Hint.Step).ToHashSet();
        var next = pinned.Question.Interviewer.Hints.OrderBy(h => h.Step).FirstOrDefault(h => !given.Contains(h.Step));
        var stuck = now - since;
        if (next is null || stuck < CoachingThresholds.StuckBefore(next))
        {
            return null;
        }

        return new NudgeShown(
            $"{HintAvailable}:{chosen.QuestionId}:{next.Step}:{since.ToUnixTimeMilliseconds()}",
            HintAvailable,
            $"The candidate has made no progress for {ReportCards.Spoken(stuck)}. Hint {next.Step} of \u201c{pinned.Question.Title}\u201d is on the ladder if it would help ({next.When}).");
    }
}
