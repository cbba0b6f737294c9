using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Tests.Calibration;

/// <summary>The rater model recovers what it was simulated from, and says clearly when it cannot.</summary>
public sealed class RaterModelTests
{
    private static readonly SimulationDesign WellConnected = new() { Candidates = 400, Interviewers = 20, Questions = 15 };

    private static readonly Lazy<(SimulatedRatings Simulation, RaterModelFit Fit)> Fitted = new(() =>
    {
        var simulation = RatingSimulator.Simulate(WellConnected, new Random(20250314));
        return (simulation, RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 2 }));
    });

    private static DateTimeOffset At => new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fit_WellConnectedDesign_RecoversInterviewerSeverity()
    {
        var (simulation, fit) = Fitted.Value;

        Assert.True(fit.Converged);
        Assert.True(fit.Connectivity.IsConnected);
        Assert.True(Correlation.Pearson([.. fit.Interviewers.Select(i => i.Severity)], simulation.Truth.Severity) > 0.9);
        Assert.True(Correlation.Pearson([.. fit.Questions.Select(q => q.Difficulty)], simulation.Truth.Difficulty) > 0.9);
        Assert.True(Correlation.Pearson([.. fit.Candidates.Select(c => c.Ability)], simulation.Truth.Ability) > 0.85);
    }

    [Fact]
    public void Fit_ThatDoesNotSettle_SaysSoInItsWarnings_AndStillGivesEveryCandidatesRawAverage()
    {
        var (simulation, _) = Fitted.Value;
        var ratings = simulation.Ratings;

        var fit = RaterModel.Fit(ratings, new RaterModelOptions { Threads = 2, MaximumSweeps = 2 });

        Assert.False(fit.Converged);
        Assert.Contains(fit.Warnings, w => w.StartsWith("The estimates had not settled after 2 sweeps.", StringComparison.Ordinal));
        // The raw figures do not depend on the fit: each candidate's plain mean, counted here from the ratings themselves.
        var means = Enumerable.Range(0, ratings.Count).Select(i => ratings[i]).GroupBy(r => r.CandidateId)
            .ToDictionary(g => g.Key, g => (Mean: g.Average(r => (double)r.Value), Count: g.Count()));
        Assert.Equal(means.Count, fit.Candidates.Count);
        Assert.All(fit.Candidates, c =>
        {
            Assert.Equal(means[c.CandidateId].Mean, c.RawAverage, 12);
            Assert.Equal(means[c.CandidateId].Count, c.RatingCount);
            Assert.True(double.IsFinite(c.Ability) && double.IsFinite(c.StandardError));
        });
    }

    [Fact]
    public void Fit_WellConnectedDesign_EstimatesTheSpreadOfEachFacet()
    {
        // Simulated with SDs 1 (candidates), 0.5 (interviewers, questions) and 0.3 (interviews);
        // posterior-mode estimation runs a little low, hence the ranges.
        var (_, fit) = Fitted.Value;

        Assert.InRange(fit.Variances.Candidate, 0.7, 1.3);
        Assert.InRange(fit.Variances.Interviewer, 0.1, 0.5);
        Assert.InRange(fit.Variances.Question, 0.1, 0.5);
        Assert.InRange(fit.Variances.Interview, 0.01, 0.2);
    }

    [Fact]
    public void Fit_StandardErrors_CoverTheTruthAboutAsOftenAsClaimed()
    {
        var (simulation, fit) = Fitted.Value;
        var abilities = fit.Candidates.Select(c => c.Ability).ToList();
        var shift = abilities.Average() - simulation.Truth.Ability.Average();

        var covered = fit.Candidates.Select((c, i) => Math.Abs(c.Ability - shift - simulation.Truth.Ability[i]) <= 1.96 * c.StandardError).Count(inside => inside);

        Assert.InRange(covered / (double)fit.Candidates.Count, 0.85, 0.99);
    }

    [Fact]
    public void Fit_SameThreadCount_GivesIdenticalResults()
    {
        var simulation = RatingSimulator.Simulate(WellConnected with { Candidates = 200 }, new Random(7));
        var options = new RaterModelOptions { Threads = 2 };

        var first = RaterModel.Fit(simulation.Ratings, options);
        var second = RaterModel.Fit(simulation.Ratings, options);

        Assert.Equal(first.Candidates, second.Candidates);
        Assert.Equal(first.Interviewers, second.Interviewers);
        Assert.Equal(first.Variances, second.Variances);
    }

    [Fact]
    public void Fit_DifferentThreadCounts_AgreeToRounding()
    {
        var simulation = RatingSimulator.Simulate(WellConnected with { Candidates = 200 }, new Random(7));

        var one = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 1 });
        var three = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 3 });

        for (var j = 0; j < one.Interviewers.Count; j++)
        {
            Assert.Equal(one.Interviewers[j].Severity, three.Interviewers[j].Severity, 1e-8);
        }
    }

    [Fact]
    public void Fit_DisconnectedPools_AreReportedAsSeparateGroups()
    {
        var simulation = RatingSimulator.Simulate(WellConnected with { Candidates = 100, DisconnectedPools = 2 }, new Random(3));

        var fit = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 1 });

        Assert.False(fit.Connectivity.IsConnected);
        Assert.Equal(2, fit.Connectivity.Groups.Count);
        Assert.Equal(50, fit.Connectivity.Groups[0].CandidateCount);
        Assert.Equal(10, fit.Connectivity.Groups[1].InterviewerCount);
        Assert.Contains(fit.Warnings, warning => warning.Contains("2 groups that share no interviewer", StringComparison.Ordinal));
        Assert.Equal(1, fit.Connectivity.CandidateQuestionGroups);
    }

    [Fact]
    public void Connectivity_SharedQuestionDoesNotLinkSeparateInterviewers()
    {
        // A and B answered the same question, but to different interviewers, who asked nothing else:
        // A − B cannot be told from the two interviewers' severities, and the check must say so.
        var set = RatingSet.Create(
        [
            new Rating("i1", "A", "ana", "q1", "coding", 3, At),
            new Rating("i1", "A", "ana", "q1", "design", 2, At),
            new Rating("i2", "B", "ben", "q1", "coding", 4, At),
            new Rating("i2", "B", "ben", "q1", "design", 1, At),
        ]);

        var report = DesignConnectivity.Check(set);

        Assert.Equal(2, report.Groups.Count);
        Assert.Equal(1, report.CandidateQuestionGroups);
        Assert.Equal(1, report.InterviewerQuestionGroups);
    }

    [Fact]
    public void Fit_InterviewerWithOneRating_IsKeptNearAverageWithAWarning()
    {
        var simulation = RatingSimulator.Simulate(WellConnected with { Candidates = 100 }, new Random(5));
        var ratings = Enumerable.Range(0, simulation.Ratings.Count).Select(n => simulation.Ratings[n]).ToList();
        ratings.Add(new Rating("extra", "c000", "newcomer", "q00", "coding", 1, At));

        var fit = RaterModel.Fit(RatingSet.Create(ratings), new RaterModelOptions { Threads = 1 });

        var newcomer = fit.Interviewers.Single(i => i.InterviewerId == "newcomer");
        Assert.True(Math.Abs(newcomer.Severity) < Math.Sqrt(fit.Variances.Interviewer), $"severity {newcomer.Severity}, prior SD {Math.Sqrt(fit.Variances.Interviewer)}");
        Assert.True(newcomer.StandardError > 0.9 * Math.Sqrt(fit.Variances.Interviewer));
        Assert.Contains(fit.Warnings, warning => warning.Contains("1 interviewer(s) gave a single rating (newcomer)", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_AllRatingsIdentical_IsUndefinedWithAnExplanation()
    {
        var set = RatingSet.Create(
        [
            new Rating("i1", "A", "ana", "q1", "coding", 3, At),
            new Rating("i2", "B", "ben", "q1", "coding", 3, At),
        ]);

        var error = Assert.Throws<StatisticUndefinedException>(() => RaterModel.Fit(set));

        Assert.Contains("All 2 ratings are 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("check that the export did not fill in a default value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TinyDegenerateDesign_HasNoNaNAnywhere()
    {
        var set = RatingSet.Create(
        [
            new Rating("i1", "A", "ana", "q1", "coding", 4, At),
            new Rating("i2", "B", "ben", "q2", "coding", 1, At),
        ]);

        var fit = RaterModel.Fit(set);

        var numbers = fit.Candidates.SelectMany(c => new[] { c.Ability, c.StandardError, c.FairAverage, c.ProbabilityAboveBar })
            .Concat(fit.Interviewers.SelectMany(i => new[] { i.Severity, i.StandardError, i.SeverityInPoints, i.Fit.Infit, i.Fit.InfitZ, i.Fit.Outfit, i.Fit.OutfitZ }))
            .Concat(fit.Signals.SelectMany(s => s.Steps.Append(s.Difficulty).Append(s.StandardError)))
            .Append(fit.Variances.Candidate).Append(fit.Variances.Interview);
        Assert.All(numbers, number => Assert.True(double.IsFinite(number)));
        Assert.Contains(fit.Warnings, warning => warning.Contains("No one rated 'coding' 2, 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_OneCandidate_GivesFiniteNumbersAndAReport()
    {
        var set = RatingSet.Create(
        [
            new Rating("i1", "A", "ana", "q1", "coding", 2, At),
            new Rating("i1", "A", "ana", "q1", "design", 3, At),
            new Rating("i2", "A", "ben", "q2", "coding", 4, At),
        ]);

        var fit = RaterModel.Fit(set, new RaterModelOptions { Threads = 4 });
        var reports = InterviewerReports.Build(set, fit);
        var health = QuestionHealth.Build(set, fit);

        var candidate = Assert.Single(fit.Candidates);
        Assert.All(new[] { candidate.Ability, candidate.StandardError, candidate.FairAverage, candidate.ProbabilityAboveBar }, number => Assert.True(double.IsFinite(number)));
        Assert.All(reports, report => Assert.Equal(FindingKind.NotEnoughData, Assert.Single(report.Findings).Kind));
        Assert.All(health, question => Assert.True(double.IsFinite(question.Separation) && double.IsFinite(question.Drift)));
    }

    [Fact]
    public void ScoreCandidate_AFittedCandidatesOwnRatings_ReproducesTheirEstimate()
    {
        var (simulation, fit) = Fitted.Value;
        var ratings = simulation.Ratings;
        var own = Enumerable.Range(0, ratings.Count).Select(n => ratings[n]).Where(r => r.CandidateId == "c007").ToList();

        var score = fit.ScoreCandidate(own, out var notes);

        var fitted = fit.Candidates.Single(c => c.CandidateId == "c007");
        Assert.Equal(fitted.Ability, score.Ability, 2e-3);
        Assert.Equal(fitted.StandardError, score.StandardError, 2e-3);
        Assert.Empty(notes);
    }

    [Fact]
    public void ScoreCandidate_WithoutInterviewTerm_SolvesThePosteriorModeEquation()
    {
        // Independent oracle: with everything else fixed, the mode solves
        // Σ (x − E[X | θ − α − δ; t_signal]) − θ/σ² = 0, found here by bisection from the fit's public numbers.
        var simulation = RatingSimulator.Simulate(WellConnected with { Candidates = 150 }, new Random(11));
        var fit = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 1, InterviewTerm = false });
        var newcomer = new[]
        {
            new Rating("n1", "new", "j03", "q02", "coding", 4, At),
            new Rating("n1", "new", "j03", "q02", "communication", 3, At),
            new Rating("n2", "new", "j11", "q07", "coding", 3, At),
            new Rating("n2", "new", "j11", "q07", "problem_solving", 4, At),
            new Rating("n3", "new", "stranger", "q07", "collaboration", 2, At),
        };

        var score = fit.ScoreCandidate(newcomer, out var notes);

        double Expected(string signal, double eta)
        {
            var s = fit.Signals.Single(m => m.Signal == signal);
            var numerators = new double[4];
            double cumulative = 0;
            for (var k = 0; k < 4; k++)
            {
                if (k > 0)
                {
                    cumulative += s.Difficulty + s.Steps[k - 1];
                }

                numerators[k] = Math.Exp((k * eta) - cumulative);
            }

            return numerators.Select((value, k) => k * value).Sum() / numerators.Sum();
        }

        double Score(double theta) => newcomer.Sum(r =>
        {
            var severity = fit.Interviewers.SingleOrDefault(i => i.InterviewerId == r.InterviewerId)?.Severity ?? 0;
            var difficulty = fit.Questions.Single(q => q.QuestionId == r.QuestionId).Difficulty;
            return r.Value - 1 - Expected(r.Signal, theta - severity - difficulty);
        }) - (theta / fit.Variances.Candidate);

        double low = -10, high = 10;
        for (var i = 0; i < 200; i++)
        {
            var middle = (low + high) / 2;
            (Score(middle) > 0 ? ref low : ref high) = middle;
        }

        Assert.Equal((low + high) / 2, score.Ability, 1e-6);
        Assert.Equal(["The interviewer 'stranger' was not in the fit and is taken as average."], notes);
    }

    [Fact]
    public void FairAverageAndBar_AreConsistent()
    {
        var (_, fit) = Fitted.Value;

        foreach (var candidate in fit.Candidates.Take(50))
        {
            Assert.Equal(fit.FairAverageAt(candidate.Ability), candidate.FairAverage, 1e-12);
            Assert.InRange(candidate.ProbabilityAboveBar, 0, 1);
            Assert.Equal(candidate.FairAverage > fit.Options.Bar, candidate.ProbabilityAboveBar > 0.5);
        }
    }

    [Fact]
    public void Fit_SharedThresholds_GivesEverySignalTheSameSteps()
    {
        var simulation = RatingSimulator.Simulate(WellConnected with { Candidates = 150 }, new Random(13));

        var fit = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 1, Thresholds = ThresholdMode.Shared });

        Assert.True(fit.Converged);
        foreach (var signal in fit.Signals.Skip(1))
        {
            Assert.Equal(fit.Signals[0].Steps, signal.Steps, (a, b) => Math.Abs(a - b) < 1e-9);
        }

        Assert.Equal(0, fit.Signals[0].Steps.Sum(), 1e-9);
    }

    [Fact]
    public void Fit_BarOutsideTheScale_IsRejectedWithAnExample()
    {
        var (simulation, _) = Fitted.Value;

        var error = Assert.Throws<ArgumentException>(() => RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Bar = 4 }));

        Assert.Contains("must lie strictly inside the scale", error.Message, StringComparison.Ordinal);
    }
}
