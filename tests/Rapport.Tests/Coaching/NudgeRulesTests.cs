using Rapport.Features.Coaching;
using Rapport.Features.Rooms;
using static Rapport.Tests.Coaching.RoomLogScript;

namespace Rapport.Tests.Coaching;

/// <summary>When the panel is nudged, on scripted room logs: each rule at its threshold, once, and never before the interview starts or after it ends.</summary>
public sealed class NudgeRulesTests
{
    private static List<string> Kinds(IEnumerable<NudgeShown> nudges) => [.. nudges.Select(n => n.Kind)];

    [Fact]
    public void AHint_IsSuggested_OnceTheCandidateHasBeenStuckAsLongAsTheLadderSays_AndNotBefore()
    {
        var script = Opening().CandidateTypesFromTo("09:06:00", "09:10:00");

        Assert.DoesNotContain(NudgeRules.HintAvailable, Kinds(script.NudgesAt("09:12:59")));
        var nudge = Assert.Single(script.NudgesAt("09:13:00"), n => n.Kind == NudgeRules.HintAvailable);
        Assert.Equal("The candidate has made no progress for 3 min. Hint 1 of \u201cA cache\u201d is on the ladder if it would help (after about 3 minutes without a plan).", nudge.Says);

        // Shown once: the same stretch does not nudge again.
        script.Add("09:13:00", nudge);
        Assert.DoesNotContain(NudgeRules.HintAvailable, Kinds(script.NudgesAt("09:14:00")));

        // The interviewer typing is not the candidate's progress; after the hint, the next one waits its own 3 minutes.
        script.InterviewerTypes("09:14:00").Hint("09:14:30", 1);
        Assert.DoesNotContain(NudgeRules.HintAvailable, Kinds(script.NudgesAt("09:17:29")));
        Assert.Contains(script.NudgesAt("09:17:30"), n => n.Kind == NudgeRules.HintAvailable && n.Says.Contains("Hint 2", StringComparison.Ordinal));
    }

    [Fact]
    public void NoHintNudge_WhenTheCandidateIsAway_OrEveryHintIsGiven_OrTheSectionHasNoQuestion()
    {
        Assert.DoesNotContain(NudgeRules.HintAvailable, Kinds(Opening().CandidateTypes("09:06:00").CandidateLeaves("09:06:30").NudgesAt("09:20:00")));
        Assert.DoesNotContain(NudgeRules.HintAvailable, Kinds(Opening().Hint("09:06:00", 1).Hint("09:06:10", 2).Hint("09:06:20", 3).NudgesAt("09:20:00")));
        Assert.DoesNotContain(NudgeRules.HintAvailable, Kinds(Opening().Section("09:06:00", 2).NudgesAt("09:09:30")));
    }

    [Fact]
    public void ASectionPastItsMinutes_IsNudgedOnce_WithTheCandidatesQuestionsStillToCome()
    {
        var script = Opening().CandidateTypesFromTo("09:06:00", "09:29:30");

        Assert.DoesNotContain(NudgeRules.SectionOver, Kinds(script.NudgesAt("09:29:59")));
        var over = Assert.Single(script.NudgesAt("09:30:00"), n => n.Kind == NudgeRules.SectionOver);
        Assert.Equal("\u201cCoding problem\u201d has had its 25 min. The candidate's questions are still to come.", over.Says);
    }

    [Fact]
    public void TheCandidatesQuestions_AreGuarded_TwoMinutesBeforeTheyWouldShrink()
    {
        // 45 min from 09:00, the last 10 theirs: they start to shrink at 09:35, so the nudge comes at 09:33.
        var script = Opening().CandidateTypesFromTo("09:06:00", "09:32:30");

        Assert.DoesNotContain(NudgeRules.QuestionsSqueezed, Kinds(script.NudgesAt("09:32:59")));
        var squeeze = Assert.Single(script.NudgesAt("09:33:00"), n => n.Kind == NudgeRules.QuestionsSqueezed);
        Assert.Equal("To keep the candidate's 10 min for their own questions, move on to them within 2 min.", squeeze.Says);
        Assert.Contains("now have 7 min of the 10 min planned", Assert.Single(script.NudgesAt("09:38:00"), n => n.Kind == NudgeRules.QuestionsSqueezed).Says, StringComparison.Ordinal);

        // Once their section is under way there is nothing to guard.
        Assert.DoesNotContain(NudgeRules.QuestionsSqueezed, Kinds(script.Section("09:33:30", 3).NudgesAt("09:36:00")));
    }

    [Fact]
    public void TheOverrunNudge_ComesFiveMinutesBeforeThePlannedEnd_ExtraTimeIncluded()
    {
        var script = Opening().CandidateTypesFromTo("09:06:00", "09:29:30").Section("09:30:00", 2).Section("09:35:00", 3);

        Assert.DoesNotContain(NudgeRules.OverrunSoon, Kinds(script.NudgesAt("09:39:59")));
        Assert.Equal("The interview is planned to end in 5 min.", Assert.Single(script.NudgesAt("09:40:00"), n => n.Kind == NudgeRules.OverrunSoon).Says);

        // With 50 % more time granted, the end is 10:08: nothing at 09:40, the nudge at 10:03.
        var accommodated = Planned(extraTimePercent: 50, endedAt: null);
        Assert.DoesNotContain(NudgeRules.OverrunSoon, Kinds(script.NudgesAt("09:40:00", accommodated)));
        Assert.Contains(NudgeRules.OverrunSoon, Kinds(script.NudgesAt("10:03:00", accommodated)));
    }

    [Fact]
    public void Nothing_BeforeTheFirstSection_OrOnceTheInterviewEnded()
    {
        Assert.Empty(new RoomLogScript().InterviewerJoins("08:59:00").CandidateJoins("09:00:00").NudgesAt("09:50:00"));
        Assert.Empty(Opening().NudgesAt("09:50:00", Planned(endedAt: "09:45:00")));
    }

    [Fact]
    public void AnInterviewWithoutAKit_IsStillNudgedBeforeItOverruns_OnceTheCandidateIsIn()
    {
        var noKit = Material with { Kit = null };
        var script = new RoomLogScript().InterviewerJoins("08:59:00");
        Assert.Empty(NudgeRules.Due(RoomState.From(script.Events), Planned(endedAt: null), noKit, At("09:41:00")));

        script.CandidateJoins("09:00:00");
        var due = NudgeRules.Due(RoomState.From(script.Events), Planned(endedAt: null), noKit, At("09:41:00"));
        Assert.Equal([NudgeRules.OverrunSoon], Kinds(due));
    }
}
