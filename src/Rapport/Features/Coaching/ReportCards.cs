using System.Globalization;
using Rapport.Features.Interviews;
using Rapport.Features.Kits.Format;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;
using Rapport.Features.Scorecards;

namespace Rapport.Features.Coaching;

/// <summary>
/// Computes an interview's report card from its room log, its plan (the kit, with any extra time
/// granted as an accommodation) and the interviewer's scorecard. Pure: the same inputs give the
/// same card, whenever and wherever it is computed. Each measure is defined in docs/coaching.md.
/// </summary>
public static class ReportCards
{
    public static ReportCard Compute(
        Interview interview,
        KitDocument? kit,
        IReadOnlyDictionary<string, QuestionDocument> questions,
        IReadOnlyList<LoggedEvent> events,
        ScorecardFacts? scorecard,
        TimeSpan scorecardDue)
    {
        var timeline = RoomTimeline.Of(events, interview.EndedAt);
        var agenda = interview.StretchedAgenda(kit).ToList();
        var hints = HintTimings.Read(timeline, kit, questions);
        return new ReportCard(
            [
                StartedOnTime(interview, timeline),
                Introductions(timeline, agenda),
                CandidateQuestions(timeline, agenda),
                HintTiming(hints),
                Overrun(interview, timeline),
                Evidence(scorecard),
                Language(scorecard),
                ScorecardOnTime(interview, timeline, scorecard, scorecardDue),
            ],
            hints,
            timeline.Interruptions,
            NudgeOutcomes.Read(timeline, agenda, InterviewPlan.End(interview, timeline.CandidateArrived)));
    }

    private static ConductMeasure StartedOnTime(Interview interview, RoomTimeline timeline)
    {
        const string name = "Started on time";
        if (timeline.CandidateArrived is not { } arrived || timeline.Started is not { } started)
        {
            return NotApplicable(ReportCard.Keys.StartedOnTime, name, "The candidate never joined the room.");
        }

        // A candidate who arrives late moves the start they could have had; that lateness is not the interviewer's.
        var due = InterviewPlan.Start(interview, arrived);
        var late = started - due;
        var met = late <= CoachingThresholds.StartGrace;
        var says = late <= TimeSpan.Zero
            ? "The first section began on time."
            : $"The first section began {Spoken(late)} after {(arrived > interview.ScheduledAt ? "the candidate arrived" : "the planned start")}.";
        return new(ReportCard.Keys.StartedOnTime, name, met ? ConductMark.Met : ConductMark.Missed, Minutes(late > TimeSpan.Zero ? late : TimeSpan.Zero), says, Moments(timeline.StartedMoment));
    }

    private static ConductMeasure Introductions(RoomTimeline timeline, List<(KitSection Section, int Minutes)> agenda)
    {
        const string name = "Introductions and format explained";
        if (agenda.Count == 0)
        {
            return NotApplicable(ReportCard.Keys.Introductions, name, "This interview had no kit, so no agenda to hold.");
        }

        if (timeline.CandidateArrived is null)
        {
            return NotApplicable(ReportCard.Keys.Introductions, name, "The candidate never joined the room.");
        }

        var (section, planned) = agenda[0];
        var held = timeline.HeldFor(0);
        var met = held >= CoachingThresholds.IntroductionsAtLeast;
        var says = held == TimeSpan.Zero
            ? $"\u201c{section.Title}\u201d was never held: the candidate heard no introductions and no explanation of the format."
            : $"\u201c{section.Title}\u201d was held for {Spoken(held)} of the {planned} min planned.";
        return new(ReportCard.Keys.Introductions, name, met ? ConductMark.Met : ConductMark.Missed, Minutes(held), says, FirstVisit(timeline, [0]));
    }

    private static ConductMeasure CandidateQuestions(RoomTimeline timeline, List<(KitSection Section, int Minutes)> agenda)
    {
        const string name = "Time for the candidate's questions";
        var theirs = agenda.Select((a, i) => (a.Section, a.Minutes, Index: i)).Where(a => a.Section.Kind == BankVocabulary.CandidateQuestionsSection).ToList();
        if (theirs.Count == 0)
        {
            return NotApplicable(ReportCard.Keys.CandidateQuestions, name, agenda.Count == 0 ? "This interview had no kit, so no agenda to hold." : "The kit keeps no time for the candidate's questions.");
        }

        if (timeline.CandidateArrived is null)
        {
            return NotApplicable(ReportCard.Keys.CandidateQuestions, name, "The candidate never joined the room.");
        }

        var planned = TimeSpan.FromMinutes(theirs.Sum(t => t.Minutes));
        var held = theirs.Aggregate(TimeSpan.Zero, (sum, t) => sum + timeline.HeldFor(t.Index));
        var met = held >= planned * CoachingThresholds.CandidateQuestionsShare;
        var says = held == TimeSpan.Zero
            ? $"The candidate had no time for their own questions ({Spoken(planned)} planned)."
            : $"The candidate had {Spoken(held)} for their own questions, of the {Spoken(planned)} planned.";
        return new(ReportCard.Keys.CandidateQuestions, name, met ? ConductMark.Met : ConductMark.Missed, Minutes(held), says, FirstVisit(timeline, [.. theirs.Select(t => t.Index)]));
    }

    private static ConductMeasure HintTiming(HintReading hints)
    {
        const string name = "Hints, neither too early nor too late";
        var early = hints.Given.Where(h => h.Timing == Coaching.HintTiming.Early).ToList();
        var late = hints.Given.Where(h => h.Timing == Coaching.HintTiming.Late).ToList();
        var moments = early.Concat(late).Select(h => h.Moment).Concat(hints.Missed.Select(m => m.Moment)).Order().ToList();
        if (hints.Given.Count == 0 && hints.Missed.Count == 0)
        {
            return new(ReportCard.Keys.HintTiming, name, ConductMark.Met, null,
                hints.Available == 0 ? "The questions asked had no hint ladder." : "No hint was given, and the candidate was never stuck long enough to need one.", []);
        }

        var parts = new List<string> { $"{Count(hints.Given.Count, "hint")} of {hints.Available} given" };
        var wellTimed = hints.Given.Count - early.Count - late.Count;
        if (hints.Given.Count > 0)
        {
            parts.Add($"{wellTimed} well timed");
        }

        if (early.Count > 0)
        {
            parts.Add($"{early.Count} early (after {string.Join(", ", early.Select(h => Spoken(h.WithoutProgress)))} without progress)");
        }

        if (late.Count > 0)
        {
            parts.Add($"{late.Count} late (after {string.Join(", ", late.Select(h => Spoken(h.WithoutProgress)))} without progress)");
        }

        if (hints.Missed.Count > 0)
        {
            parts.Add($"{Count(hints.Missed.Count, "missed chance")} to give one (stuck for {string.Join(", ", hints.Missed.Select(m => Spoken(m.Lasted)))} with a hint still on the ladder)");
        }

        var met = early.Count == 0 && late.Count == 0 && hints.Missed.Count == 0;
        double? share = hints.Given.Count == 0 ? null : Math.Round((double)wellTimed / hints.Given.Count, 3);
        return new(ReportCard.Keys.HintTiming, name, met ? ConductMark.Met : ConductMark.Missed, share, Sentence(parts), moments);
    }

    private static ConductMeasure Overrun(Interview interview, RoomTimeline timeline)
    {
        const string name = "Ended on time";
        if (timeline.CandidateArrived is not { } arrived)
        {
            return NotApplicable(ReportCard.Keys.Overrun, name, "The candidate never joined the room.");
        }

        // Extra time granted as an accommodation is part of the plan: it can never be an overrun.
        var start = InterviewPlan.Start(interview, arrived);
        var plannedEnd = InterviewPlan.End(interview, arrived);
        var interrupted = timeline.Interrupted(timeline.Started ?? start, timeline.End);
        var over = timeline.End - plannedEnd - interrupted;
        var met = over <= CoachingThresholds.OverrunGrace;
        var extra = interview.ExtraTimePercent > 0 ? $" (with the {interview.ExtraTimePercent} % extra time granted)" : "";
        var pause = interrupted > TimeSpan.Zero ? $", not counting {Spoken(interrupted)} the room was interrupted" : "";
        var ended = interview.EndedAt is null ? "Nobody ended the interview; its last moment was" : "It ended";
        var says = over > TimeSpan.Zero
            ? $"{ended} {Spoken(over)} after its planned end{extra}{pause}."
            : $"{ended} within its planned {interview.Stretched(interview.DurationMinutes)} min{extra}{pause}.";
        return new(ReportCard.Keys.Overrun, name, met ? ConductMark.Met : ConductMark.Missed, Minutes(over > TimeSpan.Zero ? over : TimeSpan.Zero), says, []);
    }

    private static ConductMeasure Evidence(ScorecardFacts? scorecard)
    {
        const string name = "Evidence of its own for every level";
        if (scorecard is null)
        {
            return NotApplicable(ReportCard.Keys.Evidence, name, "The scorecard is not submitted yet.");
        }

        var rated = (scorecard.Submitted.Ratings ?? []).Select((r, i) => (Rating: r, Index: i)).Where(r => r.Rating.Level is not null).ToList();
        var thin = scorecard.SubmittedFindings
            .Where(f => f.Findings.Any(x => x.Kind is LanguageCheckFindingKind.EmptyEvidence or LanguageCheckFindingKind.RestatesLevel))
            .Select(f => f.Rating)
            .ToHashSet();
        var own = rated.Count(r => !thin.Contains(r.Index));
        var cited = rated.Count(r => r.Rating.Moments is { Count: > 0 });
        if (rated.Count == 0)
        {
            return new(ReportCard.Keys.Evidence, name, ConductMark.NotApplicable, null, "No signal was given a level.", []);
        }

        var thinSignals = rated.Where(r => thin.Contains(r.Index)).Select(r => r.Rating.Signal).Distinct().ToList();
        var says = $"{own} of {rated.Count} levels have evidence of their own"
            + (thinSignals.Count > 0 ? $"; the evidence for {string.Join(", ", thinSignals)} restates the level or is empty" : "")
            + $"; {cited} point at moments of the replay.";
        return new(ReportCard.Keys.Evidence, name, own == rated.Count ? ConductMark.Met : ConductMark.Missed, Math.Round((double)own / rated.Count, 3), says, []);
    }

    private static ConductMeasure Language(ScorecardFacts? scorecard)
    {
        const string name = "Language check";
        if (scorecard is null)
        {
            return NotApplicable(ReportCard.Keys.Language, name, "The scorecard is not submitted yet.");
        }

        static List<LanguageCheckFinding> Listed(IEnumerable<EvidenceFindings> found) =>
            [.. found.SelectMany(f => f.Findings).Where(f => f.Kind == LanguageCheckFindingKind.ListedPhrase)];

        var submitted = Listed(scorecard.SubmittedFindings);
        var still = Listed(scorecard.LatestFindings).Count;
        if (submitted.Count == 0)
        {
            return new(ReportCard.Keys.Language, name, ConductMark.Met, 0, "The submitted evidence used no phrase of the language check.", []);
        }

        var categories = submitted.GroupBy(f => f.CategoryName ?? f.Category ?? "other").Select(g => $"{g.Key}: {string.Join(", ", g.Select(f => $"\u201c{f.Matched}\u201d").Distinct())}");
        var says = $"The submitted evidence used {Count(submitted.Count, "phrase")} of the language check ({string.Join("; ", categories)})"
            + (still == 0 ? ", all rewritten since." : $"; {still} still in the latest version.");
        return new(ReportCard.Keys.Language, name, ConductMark.Missed, submitted.Count, says, []);
    }

    private static ConductMeasure ScorecardOnTime(Interview interview, RoomTimeline timeline, ScorecardFacts? scorecard, TimeSpan due)
    {
        const string name = "Scorecard submitted in time";
        if (scorecard is null)
        {
            return NotApplicable(ReportCard.Keys.ScorecardOnTime, name, "The scorecard is not submitted yet.");
        }

        if (interview.EndedAt is null && timeline.Events.Count == 0)
        {
            return NotApplicable(ReportCard.Keys.ScorecardOnTime, name, "The interview has no end to measure from: nobody ended it, and its room was never used.");
        }

        var ended = interview.EndedAt ?? timeline.End;
        var after = scorecard.SubmittedAt - ended;
        var met = after <= due;
        var says = $"Submitted {Spoken(after > TimeSpan.Zero ? after : TimeSpan.Zero)} after the interview ended ({Spoken(due)} agreed).";
        return new(ReportCard.Keys.ScorecardOnTime, name, met ? ConductMark.Met : ConductMark.Missed, Math.Round(Math.Max(0, after.TotalHours), 2), says, []);
    }

    private static ConductMeasure NotApplicable(string key, string name, string says) => new(key, name, ConductMark.NotApplicable, null, says, []);

    private static IReadOnlyList<long> FirstVisit(RoomTimeline timeline, IReadOnlyCollection<int> sections) =>
        Moments(timeline.Visits.FirstOrDefault(v => sections.Contains(v.Index))?.Moment);

    private static IReadOnlyList<long> Moments(long? moment) => moment is { } m ? [m] : [];

    private static double Minutes(TimeSpan span) => Math.Round(span.TotalMinutes, 1);

    private static string Count(int n, string thing) => n == 1 ? $"1 {thing}" : $"{n} {thing}s";

    private static string Sentence(List<string> parts)
    {
        var joined = string.Join("; ", parts);
        return string.Concat(joined[..1].ToUpperInvariant(), joined[1..], ".");
    }

    /// <summary>A span as people say it: "40 s", "3 min", "2 h 5 min".</summary>
    public static string Spoken(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Round(span.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
        }

        var minutes = (int)Math.Round(span.TotalMinutes);
        return minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
    }
}
