using Rapport.Features.Coaching;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;
using Rapport.Features.Scorecards;
using static Rapport.Tests.Coaching.RoomLogScript;

namespace Rapport.Tests.Coaching;

/// <summary>
/// The report card's measures on synthetic room logs, each figure worked out by hand from the
/// script (the times are the oracle), including the edge cases: a hint before any stuck
/// stretch, no time for the candidate's questions, a room that crashed and resumed, and extra
/// time granted as an accommodation, which is never an overrun.
/// </summary>
public sealed class ReportCardTests
{
    /// <summary>Everything as planned: 30 s to start, introductions, one hint after 4 min stuck, every section, ended on the minute.</summary>
    private static RoomLogScript ModelInterview() => Opening()
        .CandidateTypesFromTo("09:06:00", "09:10:00")
        .Hint("09:14:00", 1)
        .CandidateTypesFromTo("09:15:00", "09:29:30")
        .Section("09:30:00", 2)
        .Section("09:35:00", 3);

    [Fact]
    public void TheModelInterview_MeetsEveryMeasureOfTheRoom()
    {
        var card = ModelInterview().Card();

        Assert.Equal((ConductMark.Met, 0.5), (card[ReportCard.Keys.StartedOnTime].Mark, card[ReportCard.Keys.StartedOnTime].Value));
        Assert.Equal((ConductMark.Met, 4.5), (card[ReportCard.Keys.Introductions].Mark, card[ReportCard.Keys.Introductions].Value));
        Assert.Equal((ConductMark.Met, 10.0), (card[ReportCard.Keys.CandidateQuestions].Mark, card[ReportCard.Keys.CandidateQuestions].Value));
        Assert.Equal((ConductMark.Met, 0.0), (card[ReportCard.Keys.Overrun].Mark, card[ReportCard.Keys.Overrun].Value));
        var hint = Assert.Single(card.Hints.Given);
        Assert.Equal((HintTiming.WellTimed, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(3)), (hint.Timing, hint.WithoutProgress, hint.DueAfter));
        Assert.Equal(3, card.Hints.Available);
        Assert.Empty(card.Hints.Missed);
        Assert.Equal((ConductMark.Met, 1.0), (card[ReportCard.Keys.HintTiming].Mark, card[ReportCard.Keys.HintTiming].Value));
        Assert.Empty(card.Interruptions);
        // Without a scorecard there is nothing to say of it yet, and the card says so rather than guessing.
        Assert.All(new[] { ReportCard.Keys.Evidence, ReportCard.Keys.Language, ReportCard.Keys.ScorecardOnTime }, key => Assert.Equal(ConductMark.NotApplicable, card[key].Mark));
    }

    [Fact]
    public void AHintBeforeAnyStuckStretch_IsEarly_AndPointsAtItsMoment()
    {
        var script = Opening().CandidateTypesFromTo("09:06:00", "09:10:00");
        var moment = script.Next;
        script.Hint("09:10:20", 1).CandidateTypesFromTo("09:11:00", "09:29:30").Section("09:30:00", 2).Section("09:35:00", 3);

        var card = script.Card();

        var hint = Assert.Single(card.Hints.Given);
        Assert.Equal((HintTiming.Early, TimeSpan.FromSeconds(20)), (hint.Timing, hint.WithoutProgress));
        var timing = card[ReportCard.Keys.HintTiming];
        Assert.Equal((ConductMark.Missed, 0.0), (timing.Mark, timing.Value));
        Assert.Equal([moment], timing.Moments);
        Assert.Contains("1 early (after 20 s without progress)", timing.Says, StringComparison.Ordinal);
    }

    [Fact]
    public void ATenMinuteStretchWithoutProgressAndNoHint_IsAMissedChance_FromWhereItBegan_WhateverTheInterviewerTyped()
    {
        var script = Opening().CandidateTypesFromTo("09:06:00", "09:09:30");
        var stuckFrom = script.Next;
        script.CandidateTypes("09:10:00")
            .InterviewerTypes("09:15:00")  // the interviewer's own typing is not the candidate's progress
            .CandidateTypesFromTo("09:20:00", "09:29:30").Section("09:30:00", 2).Section("09:35:00", 3);

        var card = script.Card();

        var missed = Assert.Single(card.Hints.Missed);
        Assert.Equal((1, TimeSpan.FromMinutes(10), stuckFrom, At("09:10:00")), (missed.NextStep, missed.Lasted, missed.Moment, missed.From));
        Assert.Empty(card.Hints.Given);
        Assert.Equal(ConductMark.Missed, card[ReportCard.Keys.HintTiming].Mark);
        Assert.Equal([stuckFrom], card[ReportCard.Keys.HintTiming].Moments);
    }

    [Fact]
    public void AHintAfterSevenMinutesStuck_IsLate_WhenItsLadderSaysThree()
    {
        var card = Opening().CandidateTypesFromTo("09:06:00", "09:10:00").Hint("09:17:00", 1)
            .CandidateTypesFromTo("09:17:30", "09:29:30").Section("09:30:00", 2).Section("09:35:00", 3).Card();

        var hint = Assert.Single(card.Hints.Given);
        Assert.Equal((HintTiming.Late, TimeSpan.FromMinutes(7)), (hint.Timing, hint.WithoutProgress));
        Assert.Empty(card.Hints.Missed);  // a late hint is counted once, as late
        Assert.Equal(ConductMark.Missed, card[ReportCard.Keys.HintTiming].Mark);
    }

    [Fact]
    public void AnInterviewThatNeverReachedTheCandidatesQuestions_GaveThemNoTime()
    {
        var card = Opening().CandidateTypesFromTo("09:06:00", "09:29:30").Section("09:30:00", 2).Card();

        var theirs = card[ReportCard.Keys.CandidateQuestions];
        Assert.Equal((ConductMark.Missed, 0.0), (theirs.Mark, theirs.Value));
        Assert.Equal("The candidate had no time for their own questions (10 min planned).", theirs.Says);
        Assert.Empty(theirs.Moments);
    }

    [Fact]
    public void ShortenedQuestionsTime_BelowFourFifthsOfThePlan_IsMissed()
    {
        var card = Opening().CandidateTypesFromTo("09:06:00", "09:29:30").Section("09:30:00", 2).Section("09:37:30", 3).Card();

        Assert.Equal((ConductMark.Missed, 7.5), (card[ReportCard.Keys.CandidateQuestions].Mark, card[ReportCard.Keys.CandidateQuestions].Value));
    }

    [Fact]
    public void ARoomThatCrashedAndResumed_CountsNeitherTheOutageAsStuckNorAsOverrun()
    {
        var card = Opening().CandidateTypesFromTo("09:06:00", "09:10:00")
            .Note("09:11:00")                                          // the room's last moment before the server stopped
            .InterviewerJoins("09:16:00").CandidateJoins("09:16:10")   // both back, neither having left
            .CandidateTypesFromTo("09:17:00", "09:29:30").Section("09:30:00", 2).Section("09:35:00", 3)
            .Card(Planned(endedAt: "09:50:00"));

        var outage = Assert.Single(card.Interruptions);
        Assert.Equal((At("09:11:00"), At("09:16:10")), (outage.From, outage.To));
        // 09:10 to 09:17 would be 7 min without progress, a missed chance; the room stood still from 09:11.
        Assert.Empty(card.Hints.Missed);
        Assert.Equal(ConductMark.Met, card[ReportCard.Keys.HintTiming].Mark);
        // Ended 5 min after the planned 09:45, with 5 min 10 s of interruption: not an overrun.
        var overrun = card[ReportCard.Keys.Overrun];
        Assert.Equal((ConductMark.Met, 0.0), (overrun.Mark, overrun.Value));
        Assert.Contains("not counting 5 min the room was interrupted", overrun.Says, StringComparison.Ordinal);
        Assert.Equal((ConductMark.Met, 15.0), (card[ReportCard.Keys.CandidateQuestions].Mark, card[ReportCard.Keys.CandidateQuestions].Value));
    }

    [Fact]
    public void AQuickReconnect_IsNotAnInterruption()
    {
        var card = Opening().CandidateTypesFromTo("09:06:00", "09:10:00").CandidateJoins("09:10:05")
            .CandidateTypesFromTo("09:10:30", "09:29:30").Section("09:30:00", 2).Section("09:35:00", 3).Card();

        Assert.Empty(card.Interruptions);
    }

    [Fact]
    public void ExtraTimeGrantedAsAnAccommodation_IsNeverAnOverrun_AndStretchesEverySection()
    {
        // 45 min with 50 % more is 68 min (67.5 rounded up); the sections stretch to 8, 37, 8 and 15 min.
        var script = new RoomLogScript().InterviewerJoins("08:59:00").CandidateJoins("09:00:00").Section("09:00:30", 0).Section("09:08:00", 1).Choose("09:08:10")
            .CandidateTypesFromTo("09:09:00", "09:44:30").Section("09:45:00", 2).Section("09:55:00", 3);

        var accommodated = script.Card(Planned(extraTimePercent: 50, endedAt: "10:07:00"));
        Assert.Equal((ConductMark.Met, 0.0), (accommodated[ReportCard.Keys.Overrun].Mark, accommodated[ReportCard.Keys.Overrun].Value));
        Assert.Contains("within its planned 68 min (with the 50 % extra time granted)", accommodated[ReportCard.Keys.Overrun].Says, StringComparison.Ordinal);
        // 12 min of the 15 the accommodation gives the candidate's questions: four fifths, enough.
        Assert.Equal((ConductMark.Met, 12.0), (accommodated[ReportCard.Keys.CandidateQuestions].Mark, accommodated[ReportCard.Keys.CandidateQuestions].Value));
        Assert.Contains("of the 15 min planned", accommodated[ReportCard.Keys.CandidateQuestions].Says, StringComparison.Ordinal);

        // The same room without the accommodation ran 22 min over its 45.
        var plain = script.Card(Planned(endedAt: "10:07:00"));
        Assert.Equal((ConductMark.Missed, 22.0), (plain[ReportCard.Keys.Overrun].Mark, plain[ReportCard.Keys.Overrun].Value));
    }

    [Fact]
    public void ACandidateWhoArrivesLate_MovesTheStartAndTheEnd_TheInterviewerIsNotLate()
    {
        RoomLogScript Arriving(string candidateAt) => new RoomLogScript().InterviewerJoins("08:58:00").CandidateJoins(candidateAt)
            .Section("09:11:00", 0).Section("09:16:00", 1).Choose("09:16:10").CandidateTypesFromTo("09:17:00", "09:40:30").Section("09:41:00", 2).Section("09:46:00", 3);

        var late = Arriving("09:10:00").Card(Planned(endedAt: "09:56:00"));
        Assert.Equal((ConductMark.Met, 1.0), (late[ReportCard.Keys.StartedOnTime].Mark, late[ReportCard.Keys.StartedOnTime].Value));
        Assert.Equal((ConductMark.Met, 1.0), (late[ReportCard.Keys.Overrun].Mark, late[ReportCard.Keys.Overrun].Value));
        Assert.Contains("after the candidate arrived", late[ReportCard.Keys.StartedOnTime].Says, StringComparison.Ordinal);

        var waiting = Arriving("09:00:00").Card(Planned(endedAt: "09:56:00"));
        Assert.Equal((ConductMark.Missed, 11.0), (waiting[ReportCard.Keys.StartedOnTime].Mark, waiting[ReportCard.Keys.StartedOnTime].Value));
        Assert.Equal((ConductMark.Missed, 11.0), (waiting[ReportCard.Keys.Overrun].Mark, waiting[ReportCard.Keys.Overrun].Value));
    }

    [Fact]
    public void SkippedIntroductions_AreMissed()
    {
        var card = new RoomLogScript().InterviewerJoins("08:59:00").CandidateJoins("09:00:00").Section("09:00:10", 1).Choose("09:00:20")
            .CandidateTypesFromTo("09:01:00", "09:29:30").Section("09:30:00", 2).Section("09:35:00", 3).Card();

        Assert.Equal((ConductMark.Missed, 0.0), (card[ReportCard.Keys.Introductions].Mark, card[ReportCard.Keys.Introductions].Value));
        Assert.StartsWith("\u201cIntroductions and how the session works\u201d was never held", card[ReportCard.Keys.Introductions].Says, StringComparison.Ordinal);
    }

    [Fact]
    public void ACandidateWhoNeverCame_LeavesTheRoomsMeasuresUnjudged()
    {
        var card = new RoomLogScript().InterviewerJoins("08:59:00").Note("09:20:00").Card();

        Assert.Equal(ConductMark.NotApplicable, card[ReportCard.Keys.StartedOnTime].Mark);
        Assert.Equal(ConductMark.NotApplicable, card[ReportCard.Keys.Overrun].Mark);
    }

    [Fact]
    public void ARoomNeverUsedAndNeverEnded_HasNoEndToMeasureTheScorecardFrom()
    {
        var scorecard = new ScorecardFacts(At("12:00:00"), ScorecardContent.Empty, [], []);

        var card = new RoomLogScript().Card(Planned(endedAt: null), scorecard);

        Assert.Equal(ConductMark.NotApplicable, card[ReportCard.Keys.ScorecardOnTime].Mark);
        Assert.All(card.Measures.Where(m => m.Key != ReportCard.Keys.Evidence && m.Key != ReportCard.Keys.Language && m.Key != ReportCard.Keys.HintTiming), m => Assert.Equal(ConductMark.NotApplicable, m.Mark));
    }

    [Fact]
    public void TheScorecard_EvidenceOfItsOwn_LanguageFindings_AndSubmittedInTime()
    {
        var script = ModelInterview();
        var submitted = new ScorecardContent(
            [
                new SignalRating(QuestionId, "problem-solving", 3, "Traced put on an existing key before coding.", [12]),
                new SignalRating(QuestionId, "code-quality", 2, "Good."),
                new SignalRating(QuestionId, "collaboration", null, null),
            ],
            "yes",
            "Solid.");
        var restates = new LanguageCheckFinding(LanguageCheckFindingKind.RestatesLevel, null, null, null, "Good.", 0, 5, "Say what they did.", "A level is not evidence.");
        var listed = new LanguageCheckFinding(LanguageCheckFindingKind.ListedPhrase, "personality", "Personality", "aggressive*", "aggressive", 0, 10, "Describe the behaviour.", "Says more of the rater.");
        var findings = new List<EvidenceFindings> { new(1, QuestionId, "code-quality", [restates]), new(0, QuestionId, "problem-solving", [listed]) };

        var card = script.Card(scorecard: new ScorecardFacts(At("12:45:00"), submitted, findings, []));

        var evidence = card[ReportCard.Keys.Evidence];
        Assert.Equal((ConductMark.Missed, 0.5), (evidence.Mark, evidence.Value));
        Assert.Equal("1 of 2 levels have evidence of their own; the evidence for code-quality restates the level or is empty; 1 point at moments of the replay.", evidence.Says);
        var language = card[ReportCard.Keys.Language];
        Assert.Equal((ConductMark.Missed, 1.0), (language.Mark, language.Value));
        Assert.EndsWith("(Personality: \u201caggressive\u201d), all rewritten since.", language.Says, StringComparison.Ordinal);
        Assert.Equal((ConductMark.Met, 3.0), (card[ReportCard.Keys.ScorecardOnTime].Mark, card[ReportCard.Keys.ScorecardOnTime].Value));

        var tardy = script.Card(scorecard: new ScorecardFacts(At("09:45:00").AddHours(25), submitted, [], []));
        Assert.Equal((ConductMark.Missed, 25.0), (tardy[ReportCard.Keys.ScorecardOnTime].Mark, tardy[ReportCard.Keys.ScorecardOnTime].Value));
        Assert.Equal((ConductMark.Met, 1.0), (tardy[ReportCard.Keys.Evidence].Mark, tardy[ReportCard.Keys.Evidence].Value));
        Assert.Equal(ConductMark.Met, tardy[ReportCard.Keys.Language].Mark);
    }

    [Theory]
    [InlineData("after about 3 minutes without a plan", 3.0)]
    [InlineData("after 5 min", 5.0)]
    [InlineData("After 1.5 Minutes of silence", 1.5)]
    [InlineData("when the mask is the last piece", 3.0)]
    [InlineData("after 0 minutes", 3.0)]
    [InlineData("after 999 minutes", 3.0)]
    public void AHintIsDue_AfterTheMinutesItsLadderNames_OrThreeByDefault(string when, double minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), CoachingThresholds.StuckBefore(new Hint(1, when, "text", null)));

    [Fact]
    public void EachNudge_SaysWhetherItWasFollowed()
    {
        var script = Opening().CandidateTypesFromTo("09:06:00", "09:10:00")
            .Add("09:13:00", new NudgeShown("hint-available:lru-cache:1:1", NudgeRules.HintAvailable, "A hint may help."))
            .Hint("09:13:40", 1)
            .CandidateTypes("09:14:00")
            .Add("09:18:00", new NudgeShown("hint-available:lru-cache:2:2", NudgeRules.HintAvailable, "Hint 2 may help."))
            .Add("09:18:10", new NudgeDismissed("hint-available:lru-cache:2:2", Interviewer))
            .CandidateTypesFromTo("09:18:30", "09:29:30")
            .Add("09:30:00", new NudgeShown("section-over:1:0", NudgeRules.SectionOver, "Coding has had its 25 min."))
            .Section("09:31:00", 2)
            .Add("09:33:00", new NudgeShown(NudgeRules.QuestionsSqueezed, NudgeRules.QuestionsSqueezed, "Keep their 10 min."))
            .Add("09:40:00", new NudgeShown(NudgeRules.OverrunSoon, NudgeRules.OverrunSoon, "5 min left."))
            .Section("09:40:30", 3);

        var outcomes = script.Card(Planned(endedAt: "09:47:00")).Nudges;

        Assert.Equal(
            [
                (NudgeRules.HintAvailable, NudgeFollowed.Yes, false),
                (NudgeRules.HintAvailable, NudgeFollowed.NotNeeded, true),
                (NudgeRules.SectionOver, NudgeFollowed.Yes, false),
                (NudgeRules.QuestionsSqueezed, NudgeFollowed.No, false),   // their section began 7.5 min later
                (NudgeRules.OverrunSoon, NudgeFollowed.Yes, false),        // ended 09:47, within 2 min of 09:45
            ],
            outcomes.Select(o => (o.Kind, o.Followed, o.Dismissed)));
        Assert.Equal(At("09:13:00"), outcomes[0].At);
        Assert.Equal(NudgeFollowed.No, script.Card(Planned(endedAt: "09:48:00")).Nudges[^1].Followed);
    }
}
